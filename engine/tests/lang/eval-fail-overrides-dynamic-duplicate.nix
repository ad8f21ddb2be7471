let k = "b"; in rec { __overrides = { b = 2; }; ${k} = 1; }
