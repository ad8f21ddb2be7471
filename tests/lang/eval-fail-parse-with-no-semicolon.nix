with 1 ]
