[ (builtins.typeOf builtins.currentTime) (builtins.currentTime > 1700000000) (builtins.currentTime == builtins.currentTime) ]
