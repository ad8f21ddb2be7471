# whole-message
builtins.genericClosure { startset = [ ]; operator = x: [ ]; }
