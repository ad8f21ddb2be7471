"a/x"
