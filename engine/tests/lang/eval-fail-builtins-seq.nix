builtins.seq (throw "seq forced its first argument") 1
