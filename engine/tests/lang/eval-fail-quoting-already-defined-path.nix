{ x."b c".d = 1; x."b c".d = 2; }
