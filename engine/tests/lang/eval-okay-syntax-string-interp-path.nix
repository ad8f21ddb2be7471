let p = ./.; in builtins.typeOf "${builtins.toString p}"
