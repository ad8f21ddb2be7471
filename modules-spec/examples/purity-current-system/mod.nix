{ System = builtins.currentSystem; }
