# getFlake is not available without the `flakes` experimental feature.
builtins.getFlake "path:/nowhere"
