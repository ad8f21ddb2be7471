# fix / extends / composeExtensions / makeExtensible, as nixpkgs overlays use them.
let
  fix = f: let x = f x; in x;
  extends = overlay: f: final: let prev = f final; in prev // overlay final prev;
  composeExtensions = f: g: final: prev:
    let fApplied = f final prev; prev' = prev // fApplied; in fApplied // g final prev';
  composeManyExtensions = builtins.foldl' composeExtensions (final: prev: { });
  makeExtensible = makeExtensibleWithCustomName "extend";
  makeExtensibleWithCustomName = extenderName: rattrs:
    fix (self: rattrs self // { ${extenderName} = f: makeExtensibleWithCustomName extenderName (extends f rattrs); });

  base = final: { a = 1; b = final.a + 1; c = "${toString final.b}!"; };
  o1 = final: prev: { a = 10; };
  o2 = final: prev: { b = prev.b * 2; d = final.c; };
  pkgs = fix (extends (composeManyExtensions [ o1 o2 ]) base);
  ext = (makeExtensible base).extend o1;
in
{
  plain = fix base;
  overlaid = pkgs;
  extended = builtins.removeAttrs ext [ "extend" ];
  extendedTwice = (ext.extend o2).d;
  # laziness: the fixpoint only forces what is needed
  lazy = (fix (self: { x = 1; y = throw "unused"; z = self.x + 1; })).z;
}
