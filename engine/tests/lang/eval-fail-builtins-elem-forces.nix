# elements before the match are forced
builtins.elem 2 [ 1 (throw "elem forced this") 2 ]
