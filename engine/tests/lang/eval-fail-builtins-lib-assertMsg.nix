let
  assertMsg = pred: msg: pred || builtins.throw msg;
  throwIfNot = cond: msg: if cond then x: x else throw msg;
  checkPort = p: assert assertMsg (p > 0 && p < 65536) "port ${toString p} out of range"; p;
in
[ (checkPort 80) (throwIfNot true "unused" 1) (checkPort 70000) ]
