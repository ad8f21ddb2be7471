{ inherit (a ] }
