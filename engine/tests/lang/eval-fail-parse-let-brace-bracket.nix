let { a = 1; ]
