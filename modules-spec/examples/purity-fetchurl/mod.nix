{ Value = __fetchurl "https://example.org/x"; }
