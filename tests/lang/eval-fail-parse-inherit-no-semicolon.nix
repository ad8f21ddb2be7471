{ inherit a b }
