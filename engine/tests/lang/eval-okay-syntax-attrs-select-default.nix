[ ({ a = 1; }.b or 2) ({ a.b = 1; }.a.c or 3) ({ a = 1; }.a or 5) ]
