{ Value = builtins.fetchurl "https://example.org/x"; }
