# Fetchers exist as functions; calling them is out of scope for pure tests.
{
  fetchGit = builtins.typeOf builtins.fetchGit;
  fetchMercurial = builtins.typeOf builtins.fetchMercurial;
  fetchTarball = builtins.typeOf builtins.fetchTarball;
  fetchurl = builtins.typeOf builtins.fetchurl;
  fetchTreePresent = builtins ? fetchTree;
  fetchClosurePresent = builtins ? fetchClosure;
  getFlakePresent = builtins ? getFlake;
  importNativePresent = builtins ? importNative;
  execPresent = builtins ? exec;
}
