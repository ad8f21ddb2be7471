let
  dep = derivation { name = "argdep"; system = "x86_64-linux"; builder = "/bin/sh"; };
  mk = args: derivation { name = "args"; system = "x86_64-linux"; builder = "/bin/sh"; inherit args; };
in
builtins.map (a: (mk a).drvPath) [
  [ "-e" "script" ]
  [ 1 true null 2.5 ]
  [ ./fixtures/a.txt ]
  [ "${dep}/bin/x" ]
  [ dep ]
  [ "" "" ]
]
