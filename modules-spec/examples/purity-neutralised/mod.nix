# Neutralised names evaluate (with a warning on stderr). They exist only at
# the top level: std, and so `builtins`, has no impure names at all.
{
  TopTime = __currentTime;
  TopNixPath = __nixPath;
  TopHome = __getEnv "HOME";
  InBuiltins = [ (builtins ? currentTime) (builtins ? nixPath) (builtins ? getEnv) ];
}
