a: b
