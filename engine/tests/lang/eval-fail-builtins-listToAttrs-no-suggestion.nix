# whole-message
builtins.listToAttrs [ { nam = "a"; value = 1; } ]
