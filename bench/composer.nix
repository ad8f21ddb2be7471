# Minimal pure-Nix atom composer built on `scopedImport`, for the benchmark
# comparison with C++ Nix (bench/run.py uses tests/composer/compose.nix
# instead when that file exists).
#
# Usage:  import ./composer.nix ATOM_DIR   ->   the atom's public view
#
# It implements just the parts of the atom semantics
# (/work/shared/atom-semantics.md) that the generated bench atoms need:
#   - a module is a directory with mod.nix; its members are the other *.nix
#     files and the subdirectories holding a mod.nix;
#   - members are merged with mod.nix's attributes (mod.nix wins);
#   - names starting with an uppercase ASCII letter are public and exported
#     with that letter lowercased;
#   - every file sees `mod`, `pre` (not at the root), `atom` and `cfg`.
# Unlike the reference composer it evaluates member files in place instead
# of from store copies, does not bind `std`, gives modules no `outPath`, and
# does not forbid impure builtins: none of that matters to the benchmarks,
# and skipping the store copies keeps the comparison about evaluation.
dir:
let
  inherit (builtins)
    attrNames
    filter
    listToAttrs
    map
    match
    pathExists
    readDir
    replaceStrings
    scopedImport
    stringLength
    substring
    ;

  cfg = builtins.fromTOML (builtins.readFile (dir + "/atom.toml"));

  upper = [ "A" "B" "C" "D" "E" "F" "G" "H" "I" "J" "K" "L" "M" "N" "O" "P" "Q" "R" "S" "T" "U" "V" "W" "X" "Y" "Z" ];
  lower = [ "a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p" "q" "r" "s" "t" "u" "v" "w" "x" "y" "z" ];

  isPublic = name: match "[A-Z].*" name != null;
  # `FooBar` -> `fooBar`; private names are left alone.
  exported =
    name:
    if isPublic name then
      replaceStrings upper lower (substring 0 1 name) + substring 1 (stringLength name) name
    else
      name;
  stripNix = name: substring 0 (stringLength name - 4) name;

  # Compose the module in directory `path`. `parent` is the parent's `mod`,
  # or null at the root. Returns { mod; public; }: `mod` has every name
  # (public ones lowercased), `public` only the public ones.
  composeModule =
    parent: path:
    let
      entries = readDir path;
      isMember =
        n:
        (entries.${n} == "regular" && n != "mod.nix" && match ".*\\.nix" n != null)
        || (entries.${n} == "directory" && pathExists (path + "/${n}/mod.nix"));
      memberNames = filter isMember (attrNames entries);

      scope = {
        inherit mod atom cfg;
      } // (if parent == null then { } else { pre = parent; });

      load =
        n:
        if entries.${n} == "directory" then
          composeModule mod (path + "/${n}")
        else
          { value = scopedImport scope (path + "/${n}"); };
      baseName = n: if entries.${n} == "directory" then n else stripNix n;
      loaded = map (n: {
        name = baseName n;
        value = load n;
      }) memberNames;

      modFile = scopedImport scope (path + "/mod.nix");
      modFileNames = attrNames modFile;

      # Full view: submodules appear as their public view.
      memberAttrs = listToAttrs (
        map (m: {
          name = exported m.name;
          value = m.value.public or m.value.value;
        }) loaded
      );
      modFileAttrs = listToAttrs (
        map (n: {
          name = exported n;
          value = modFile.${n};
        }) modFileNames
      );
      mod = memberAttrs // modFileAttrs;

      publicNames = map exported (filter isPublic (map (m: m.name) loaded ++ modFileNames));
      public = listToAttrs (
        map (n: {
          name = n;
          value = mod.${n};
        }) publicNames
      );
    in
    {
      inherit mod public;
    };

  root = composeModule null dir;
  atom = root.public;
in
atom
