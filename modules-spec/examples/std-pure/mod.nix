# std, and so `builtins`, has none of the impure or forbidden builtins.
{
  Same = builtins == std;
  Impure = builtins.filter (n: std ? ${n}) [
    "import" "scopedImport" "builtins" "fetchurl" "fetchGit" "fetchTarball" "fetchTree"
    "fetchMercurial" "fetchClosure" "currentSystem" "currentTime" "nixPath" "storePath"
    "getEnv" "getFlake" "importAtom"
  ];
  Pure = builtins.all (n: std ? ${n}) [ "map" "readFile" "toJSON" "path" "filterSource" "placeholder" ];
}
