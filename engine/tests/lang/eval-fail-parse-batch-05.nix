{ inherit (a b; }
