# Constant values and environment-dependent values checked by type only.
{
  true = builtins.true;
  false = builtins.false;
  null = builtins.null;
  langVersion = builtins.langVersion;
  storeDir = builtins.storeDir;
  nixPath = builtins.nixPath;
  currentSystem = builtins.typeOf builtins.currentSystem;
  currentTime = builtins.typeOf builtins.currentTime;
  nixVersion = builtins.typeOf builtins.nixVersion;
  nixVersionParses = builtins.length (builtins.splitVersion builtins.nixVersion) >= 2;
  selfReference = builtins.builtins.builtins.langVersion;
  builtinsType = builtins.typeOf builtins.builtins;
}
