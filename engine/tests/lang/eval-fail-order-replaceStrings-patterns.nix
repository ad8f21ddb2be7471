builtins.replaceStrings [ (throw "pattern") ] [ "a" ] (throw "subject")
