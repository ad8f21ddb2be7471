let x = throw "no"; in 5
