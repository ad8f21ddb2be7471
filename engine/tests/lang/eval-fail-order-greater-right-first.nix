(throw "a") > (throw "b")
