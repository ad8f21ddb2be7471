"c/y"
