{ a, b
