# The builtins made faster for the module system keep C++ Nix's results:
# addErrorContext forces its message only on error, removeAttrs drops
# several (repeated, absent) names at once and keeps positions,
# genericClosure deduplicates keys of each kind (and int/float mixes),
# and positions far down a file are right.
let
  set = {
    a = 1;
    b = 2;
    c = 3;
    d = 4;
  };
  removed = removeAttrs set [
    "b"
    "zz"
    "d"
    "b"
  ];
  closure =
    start:
    map (x: x.key) (
      builtins.genericClosure {
        startSet = start;
        operator = x: if builtins.isInt x.key && x.key < 6 then [ { key = x.key + 1; } { key = 0; } ] else [ ];
      }
    );
in
{
  context = builtins.addErrorContext (throw "never shown") 42;
  inherit removed;
  unchanged = removeAttrs set [ "x" ] == set;
  pos = builtins.unsafeGetAttrPos "c" removed;
  ints = closure [ { key = 0; } { key = 3; } { key = 0; } ];
  strings = map (x: x.key) (
    builtins.genericClosure {
      startSet = [ { key = "a"; } { key = "b"; } { key = "a"; } ];
      operator = x: [ { key = "b"; } { key = "c"; } ];
    }
  );
  paths = map (x: x.key) (
    builtins.genericClosure {
      startSet = [ { key = ./a; } { key = ./b; } ];
      operator = x: [ { key = ./a; } ];
    }
  );
  mixed = closure [ { key = 1; } { key = 1.0; } { key = 2.5; } ];
  lambdaPos = builtins.unsafeGetAttrPos "x" { x = y: y; };
}
