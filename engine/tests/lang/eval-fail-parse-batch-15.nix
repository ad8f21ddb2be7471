let in in
