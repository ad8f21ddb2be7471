assert builtins.add == 1; 1
