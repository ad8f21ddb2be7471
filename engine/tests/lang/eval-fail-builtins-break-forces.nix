builtins.break (throw "break returns (and the printer forces) its argument")
