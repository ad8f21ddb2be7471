builtins.compareVersions 1 (throw "later")
