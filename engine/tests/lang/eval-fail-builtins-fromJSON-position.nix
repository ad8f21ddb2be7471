# Positions count lines; "last read" shows what was read since the last string or number.
builtins.fromJSON "{\n  \"a\": [1,\n    tru ]\n}"
