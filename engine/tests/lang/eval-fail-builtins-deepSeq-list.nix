builtins.deepSeq [ 1 [ 2 (throw "deepSeq forced a list element") ] ] null
