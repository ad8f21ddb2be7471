{ foo = 1; }.fop
