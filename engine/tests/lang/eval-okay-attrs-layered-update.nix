# `//` of a few names over a large set, many times over: every operation
# must see the same set as a flat merge would give (names in order, later
# layers winning, removals, counts, equality).
let
  big = builtins.listToAttrs (builtins.genList (i: { name = "k${toString i}"; value = i; }) 100);
  step = acc: i: acc // { "k${toString (i * 7)}" = -i; "new${toString i}" = i; };
  layered = builtins.foldl' step big (builtins.genList (i: i) 30);
  flat = builtins.listToAttrs (map (n: { name = n; value = layered.${n}; }) (builtins.attrNames layered));
in {
  count = builtins.length (builtins.attrNames layered);
  names = builtins.attrNames layered;
  values = builtins.attrValues layered;
  equal = layered == flat;
  k0 = layered.k0;
  k7 = layered.k7;
  k98 = layered.k98;
  k99 = layered.k99;
  new29 = layered.new29;
  has = [ (layered ? k50) (layered ? new0) (layered ? missing) ];
  removed = builtins.attrNames (removeAttrs layered [ "k0" "new3" "k99" ]);
  inter = builtins.intersectAttrs { k7 = null; new5 = null; zz = null; } layered;
  mapped = builtins.attrValues (builtins.mapAttrs (n: v: v * 2) (removeAttrs layered (builtins.genList (i: "k${toString i}") 100)));
  smallOverBig = ({ k3 = "small"; only = 1; } // layered).k3;
  bigOverSmall = (layered // { k3 = "small"; }).k3;
  json = builtins.toJSON (builtins.intersectAttrs { k1 = 0; k14 = 0; new2 = 0; } layered);
  twice = (layered // layered) == layered;
}
