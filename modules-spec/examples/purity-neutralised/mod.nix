# Neutralised names evaluate (with a warning on stderr).
{
  Time = builtins.currentTime;
  TopTime = __currentTime;
  NixPath = builtins.nixPath;
  Home = builtins.getEnv "HOME";
  TopHome = __getEnv "HOME";
}
