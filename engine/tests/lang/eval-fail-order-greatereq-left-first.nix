(throw "a") >= (throw "b")
