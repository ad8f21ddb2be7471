{
  Attrs = std.genAttrs [ "a" "b" ] (n: std.string.toUpperCase n);
  Pairs = std.mapAttrsToList (n: v: "${n}=${v}") mod.attrs;
  Flags = std.optional true "-O2" ++ std.optionals false [ "-g" ] ++ std.list.optional true "-Wall";
  Joined = std.concatMapStrings (x: "[${x}]") (std.splitString "," "x,y,z");
  Checks = [ (std.hasPrefix "ab" "abc") (std.hasSuffix "bc" "abc") ];
  Numbers = std.unique (std.range 1 3 ++ std.range 2 4);
  Indexed = std.list.imap (i: x: i * x) (std.list.sublist 1 3 [ 9 1 2 3 9 ]);
  Injected = std.set.inject [ "a" "b" ] 1 { a.c = 2; };
  Filtered = std.set.filterMap (n: v: if v > 1 then v else null) { x = 1; y = 2; };
  Deep = std.set.mergeUntil (path: _: _: path == [ "keep" ]) { keep.a = 1; merge.a = 1; } { keep.b = 2; merge.b = 2; };
  When = std.set.when true { w = 1; };
  Fixed = (std.fix (self: { a = 1; b = self.a + 1; })).b;
  Lower = std.string.toLower "MiXeD";
  File = std.file.parse "notes.md";
}
