builtins.deepSeq { a = 1; b = { c = throw "deepSeq forced a nested member"; }; } "unreachable"
