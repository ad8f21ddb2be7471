builtins.compareVersions "1.2" 1
