# A 3,000-layer overlay fixpoint in the style of nixpkgs (fix + extends):
# each layer reads from `final` (the finished result) and `prev` (the layer
# below), overrides a counter and adds an attribute of its own. Measures
# attribute-set merging (//), thunk creation and deep lazy self-reference.
let
  fix = f: let x = f x; in x;
  extends = overlay: f: final: let prev = f final; in prev // overlay final prev;
  layers = 3000;
  base = final: {
    counter = 0;
    total = final.counter + final.extra;
    extra = 1;
    name = "base";
  };
  mkOverlay = i: final: prev: {
    counter = prev.counter + 1;
    extra = prev.extra + (if i / 2 * 2 == i then 1 else 0);
    "layer${toString i}" = final.counter - i;
    name = if i == layers - 1 then "top-${prev.name}" else prev.name;
  };
  composed = builtins.foldl' (f: i: extends (mkOverlay i) f) base (builtins.genList (i: i) layers);
  result = fix composed;
in
{
  inherit (result) counter extra total name;
  layer0 = result.layer0;
  layer2999 = result.layer2999;
  size = builtins.length (builtins.attrNames result);
}
