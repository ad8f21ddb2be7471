"c/default"
