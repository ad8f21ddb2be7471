let x = "X"; n = 3; in "a${x}b${toString n}c${"${x}${x}"}"
