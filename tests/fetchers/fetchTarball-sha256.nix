builtins.fetchTarball { url = "file://@FX@/p.tar.gz"; sha256 = "sha256-gZ5TmINX3sjcmLcdQkbsZLgYmu9fkEFSXLQzeC9NDpM="; }
