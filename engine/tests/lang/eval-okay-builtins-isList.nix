[ (builtins.isList [ ]) (builtins.isList [ (throw "not forced") ]) (builtins.isList { }) (builtins.isList "[]") ]
