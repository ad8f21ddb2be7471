let x = "a b"; in { ${x} = 1; ${x} = 2; }
