if 1 ]
