# An interim atom composer for the REPL and the embedding API, used only
# until the native atom plugin (evaluator/src/atom/) provides composition
# and module scopes. It is the rules of modules-spec/ in a small
# scopedImport composer, minus what needs the store or the plugin:
#   - files are evaluated in place (no lone store copies), so relative
#     paths reach the source directory;
#   - `"${mod}"` is the module's source directory, not a store copy;
#   - no purity overrides (`import` etc. work);
#   - `std` is the pure builtins with std's public view merged over them.
# Manifests are parsed by the host and passed in as `cfg`.
#
# Usage: import ./interim.nix { cfg; dir; std = { cfg; dir; } or null; deps = { }; }
# `deps` are external dependencies: further names in every module's scope.
# Result: the root module node { mod; public; scope; children; }, where
# `scope` is what the module's files see and `children` the submodule
# nodes by exported name.
{
  cfg,
  dir,
  std ? null,
  deps ? { },
}:
let
  b = builtins;
  upper = [ "A" "B" "C" "D" "E" "F" "G" "H" "I" "J" "K" "L" "M" "N" "O" "P" "Q" "R" "S" "T" "U" "V" "W" "X" "Y" "Z" ];
  lower = [ "a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p" "q" "r" "s" "t" "u" "v" "w" "x" "y" "z" ];
  isPublic = name: b.elem (b.substring 0 1 name) upper;
  isNixFile = n: b.stringLength n > 4 && b.substring (b.stringLength n - 4) 4 n == ".nix";
  exported =
    name:
    if isPublic name then
      b.replaceStrings upper lower (b.substring 0 1 name) + b.substring 1 (b.stringLength name) name
    else
      name;
  stripNix = name: b.substring 0 (b.stringLength name - 4) name;

  composeAtom =
    extra: stdScope: cfg: root:
    let
      composeModule =
        parent: path:
        let
          entries = b.readDir path;
          isMember =
            n:
            (entries.${n} == "regular" && n != "mod.nix" && isNixFile n)
            || (entries.${n} == "directory" && b.pathExists (path + "/${n}/mod.nix"));
          memberNames = b.filter isMember (b.attrNames entries);
          scope = extra // {
            inherit mod atom cfg;
            std = stdScope;
            builtins = stdScope;
          }
          // (if parent == null then { } else { pre = parent; });
          isDir = n: entries.${n} == "directory";
          node = n: composeModule mod (path + "/${n}");
          baseName = n: if isDir n then n else stripNix n;
          memberValue = n: if isDir n then (node n).public else b.scopedImport scope (path + "/${n}");
          modFile = b.scopedImport scope (path + "/mod.nix");
          modFileNames = b.attrNames modFile;
          defs =
            b.listToAttrs (
              map (n: {
                name = baseName n;
                value = memberValue n;
              }) memberNames
            )
            // modFile;
          mod =
            b.listToAttrs (
              map (n: {
                name = exported n;
                value = defs.${n};
              }) (b.attrNames defs)
            )
            // {
              outPath = b.toString path;
            }
            // (if parent == null then { } else { pre = parent; });
          public = b.listToAttrs (
            map (n: {
              name = exported n;
              value = defs.${n};
            }) (b.filter isPublic (b.attrNames defs))
          );
          children = b.listToAttrs (
            map (n: {
              name = exported n;
              value = node n;
            }) (b.filter isDir memberNames)
          );
        in
        {
          inherit
            mod
            public
            scope
            children
            ;
        };
      top = composeModule null root;
      atom = top.public;
    in
    top;

  pure = b;
  stdNode = if std == null then null else composeAtom { } pure std.cfg std.dir;
  stdScope = if stdNode == null then pure else pure // stdNode.public // { builtins = stdScope; };
in
composeAtom deps stdScope cfg dir
