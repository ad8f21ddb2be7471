let n = "b"; in { b = 7; }.${n}
