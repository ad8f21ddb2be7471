{ Broken = builtins.head [ ]; }
