# compose.nix: a small composer for the Atom module system, in pure Nix on
# top of `scopedImport`. It is the executable reference for `modules-spec/`:
# whatever this file prints on C++ Nix, `atom-eval` must print when it
# composes the same atom natively.
#
# Usage:
#
#   import ./compose.nix { std = ../../std; } ./examples/hello
#   import ./compose.nix { } ./some-atom          # no std atom: std = builtins
#   import ./compose.nix { std = ...; deps = { dep = <view>; }; } ./atom
#
# The first argument configures the composer:
#   std  : path of the std atom directory, or null. The std atom itself is
#          composed with this very composer, with `std` = `builtins` = the
#          pure builtins (std must not depend on itself).
#   deps : extra top-level names bound in every module file (external
#          dependencies, already composed).
# The second argument is the atom directory: a path, or an absolute path
# string. The result is the atom's public view.
#
# Relative path literals: the reference composer evaluates each module
# file from a lone copy of the file in the store, so `./next` in any module
# file is `/nix/store/next`. This composer does the same thing literally:
# `importFile` below copies the file alone with `builtins.path` and
# `scopedImport`s the copy.
#
# The composer needs a *writable* store (`nix-instantiate --eval
# --read-write-mode`, see run.sh): every module file is evaluated from a
# lone copy of itself in the store, and `"${mod}/data.json"` is read from
# the module's store copy. Both need the copies to really exist.
#
# How it works, per module directory DIR (see modules-spec/ for the rules):
#   1. `readDir DIR`; members are regular files matching `.+\.nix` other
#      than mod.nix (named without `.nix`) and directories that contain a
#      `mod.nix` entry (submodules, named after the directory).
#   2. `mod.nix` is evaluated (from its lone store copy) and must be a set.
#      Its attributes win over members of the same source name.
#   3. The definitions left are checked: no two may export the same name
#      (`foo` vs `Foo`, `Foo.nix` vs `Foo/`) and none may export a reserved
#      name (`outPath`, `pre`).
#   4. `mod` = every definition under its exported name, plus `outPath`
#      and (except at the root) `pre`; the public view = the public
#      definitions only.
#   5. Every module file is `scopedImport`ed with the scope
#      purity // deps // { mod; atom; cfg; std; builtins; } // { pre; }
#      (the purity overrides are `import` etc., see below; no `pre` at the
#      root), which is also the file's static environment.
{
  std ? null,
  deps ? { },
}:
atomDir:
let
  b = builtins;

  # ---------------------------------------------------------------- purity
  # The exact messages are part of the spec (modules-spec/purity.md): the
  # native composer prints the same strings.
  msgImport = "importing arbitrary Nix files is forbidden; declare dependencies via the module system";
  msgFetch = "ad-hoc fetching is illegal; declare dependencies in the manifest";
  msgSystem = "accessing the current system is impure; declare supported systems in the manifest";
  msgStorePath = "explicit dependencies on store paths are illegal";
  warnTime = "builtins.currentTime is impure; it is 0 inside an atom";
  warnNixPath = "builtins.nixPath is impure; it is [ ] inside an atom";
  warnGetEnv = name: "builtins.getEnv \"${name}\" is impure; it is \"\" inside an atom";

  # Forbidden names are throwing thunks, not functions: the error fires as
  # soon as the value is forced (called, tested with isFunction, printed),
  # and never when it is merely mentioned in a lazy position.
  forbidden = {
    import = throw msgImport;
    scopedImport = throw msgImport;
    getFlake = throw msgImport;
    fetchurl = throw msgFetch;
    fetchGit = throw msgFetch;
    fetchMercurial = throw msgFetch;
    fetchTarball = throw msgFetch;
    fetchTree = throw msgFetch;
    fetchClosure = throw msgFetch;
    currentSystem = throw msgSystem;
    storePath = throw msgStorePath;
    # Neutralised: a constant, with a warning when first forced.
    currentTime = b.warn warnTime 0;
    nixPath = b.warn warnNixPath [ ];
    getEnv = name: b.warn (warnGetEnv name) "";
  };

  # The pure builtins: every builtin but the impure and forbidden ones,
  # which are absent (not replaced), and `builtins` itself.
  isImpure = name: b.match "(import|scopedImport|builtins|fetch|current|nixPath|storePath|getEnv|getFlake).*" name != null;
  pureBuiltins = b.removeAttrs b (b.filter isImpure (b.attrNames b));

  # The same overrides under the names they have at the top level of a
  # file (outside `builtins.`). Everything else at the top level
  # (`map`, `toString`, `__readFile`, ...) is left as Nix provides it.
  purityScope = {
    inherit (forbidden)
      import
      scopedImport
      fetchGit
      fetchMercurial
      fetchTarball
      fetchTree
      ;
    __getFlake = forbidden.getFlake;
    __fetchurl = forbidden.fetchurl;
    __fetchClosure = forbidden.fetchClosure;
    __currentSystem = forbidden.currentSystem;
    __storePath = forbidden.storePath;
    __currentTime = forbidden.currentTime;
    __nixPath = forbidden.nixPath;
    __getEnv = forbidden.getEnv;
  };

  # std's public view merged over the pure builtins. Where both have a
  # name and std's value is a set, the set becomes callable as the builtin
  # (`std.path.make` and `std.path { ... }` both work). The check is
  # inside each attribute's thunk, so merging forces nothing in std.
  mergeStd =
    stdView:
    pureBuiltins
    // b.mapAttrs (
      name: value:
      if pureBuiltins ? ${name} && b.isAttrs value then
        value // { __functor = _self: pureBuiltins.${name}; }
      else
        value
    ) stdView;

  pureOnly = pureBuiltins;

  # --------------------------------------------------------------- naming
  upperToLower = {
    A = "a"; B = "b"; C = "c"; D = "d"; E = "e"; F = "f"; G = "g"; H = "h";
    I = "i"; J = "j"; K = "k"; L = "l"; M = "m"; N = "n"; O = "o"; P = "p";
    Q = "q"; R = "r"; S = "s"; T = "t"; U = "u"; V = "v"; W = "w"; X = "x";
    Y = "y"; Z = "z";
  };
  firstChar = name: b.substring 0 1 name;
  # Public iff the first byte is an ASCII uppercase letter.
  isPublic = name: upperToLower ? ${firstChar name};
  # `FooBar` -> `fooBar`: only the first character changes.
  exported =
    name:
    if isPublic name then
      upperToLower.${firstChar name} + b.substring 1 (b.stringLength name - 1) name
    else
      name;

  # `foo.nix` -> [ "foo" ], anything else -> null.
  nixFileStem = name: b.match "(.+)\\.nix" name;

  # Names the composer itself puts in `mod`; no definition may export them.
  reserved = [
    "outPath"
    "pre"
  ];

  # ------------------------------------------------------------- composing
  composeAtom =
    stdValue: dir0:
    let
      dir = if b.isPath dir0 then dir0 else /. + dir0;
      cfg = b.fromTOML (b.readFile (dir + "/atom.toml"));
      label =
        cfg.atom.id or cfg.package.label
          or (throw "${toString dir}/atom.toml: the manifest needs [atom] id or [package] label");
      version =
        cfg.atom.version or cfg.package.version
          or (throw "${toString dir}/atom.toml: the manifest needs [atom] version or [package] version");
      # Where an error happens, as printed in error contexts and messages.
      # The root module is `(root)`; members are `module.path.member`,
      # with exported (lowercased) names.
      showPath = segs: if segs == [ ] then "(root)" else b.concatStringsSep "." segs;
      at = segs: "in ${label}-${version} at ${showPath segs}";

      root = composeModule {
        parent = null;
        inherit dir;
        segs = [ ];
      };
      atom = root.public;

      composeModule =
        {
          parent,
          dir,
          segs,
        }:
        let
          entries = b.readDir dir;
          entryNames = b.attrNames entries;

          isSubmoduleDir = n: entries.${n} == "directory" && b.pathExists (dir + "/${n}/mod.nix");
          isMemberFile = n: entries.${n} == "regular" && n != "mod.nix" && nixFileStem n != null;

          # Evaluate a module file from a lone copy of itself in the store,
          # so that `./x` inside it is `/nix/store/x` (as in the reference)
          # rather than a path into the source tree.
          importFile =
            file:
            b.scopedImport scope (
              b.path {
                path = dir + "/${file}";
                name = file;
              }
            );

          scope =
            purityScope
            // deps
            // {
              inherit mod atom cfg;
              std = stdValue;
              builtins = stdValue;
            }
            // (if parent == null then { } else { pre = parent; });

          modFile = dir + "/mod.nix";
          modAttrs0 = b.addErrorContext (at segs) (importFile "mod.nix");
          modAttrs =
            if b.isAttrs modAttrs0 then
              modAttrs0
            else
              throw "${at segs}: ${toString modFile} must evaluate to an attribute set (got ${b.typeOf modAttrs0})";
          modNames = b.attrNames modAttrs;

          # Definitions: { src; desc; value; }, `src` being the source name.
          fileDefs = map (n: rec {
            src = b.head (nixFileStem n);
            desc = n;
            value = b.addErrorContext (at (segs ++ [ (exported src) ])) (importFile n);
          }) (b.filter isMemberFile entryNames);
          dirDefs = map (n: {
            src = n;
            desc = "${n}/";
            value =
              (composeModule {
                parent = mod;
                dir = dir + "/${n}";
                segs = segs ++ [ (exported n) ];
              }).public;
          }) (b.filter isSubmoduleDir entryNames);
          attrDefs = map (n: {
            src = n;
            desc = "mod.nix:${n}";
            value = b.addErrorContext (at (segs ++ [ (exported n) ])) modAttrs.${n};
          }) modNames;
          # Two members with the same source name (`Foo.nix` and `Foo/`)
          # clash; mod.nix wins over a member of the same source name.
          memberDefs = fileDefs ++ dirDefs;
          bySrc = b.groupBy (d: d.src) memberDefs;
          defs = b.filter (d: !(modAttrs ? ${d.src})) memberDefs ++ attrDefs;

          # A public `Foo` and a private `foo` do not clash: `mod.foo` is the
          # private one, the public view exports `Foo` as `foo` (the
          # re-export idiom, `Sub = mod.sub;`). No definition may be known
          # by a reserved name (`outPath`, `pre`: the composer adds them).
          describe = ds: b.concatStringsSep ", " (b.sort b.lessThan (map (d: d.desc) ds));
          problems =
            b.concatMap (
              src: if b.length bySrc.${src} > 1 then [ "${at segs}: '${src}' is defined more than once (${describe bySrc.${src}})" ] else [ ]
            ) (b.attrNames bySrc)
            ++ b.concatMap (
              d:
              if b.elem (exported d.src) reserved then
                [ "${at segs}: '${exported d.src}' is a reserved name (${d.desc})" ]
              else
                [ ]
            ) defs;
          checked = x: if problems == [ ] then x else throw (b.head problems);
          privateDefs = b.filter (d: !(isPublic d.src)) defs;
          publicDefs = b.filter (d: isPublic d.src) defs;

          # The module's directory in the store, without its .nix files
          # and its submodule directories (only direct children are
          # filtered; a data directory is copied whole).
          outPath = b.path {
            name = baseNameOf dir;
            path = dir;
            filter =
              p: type:
              let
                n = baseNameOf p;
              in
              !(
                dirOf p == toString dir
                && (
                  (type == "regular" && nixFileStem n != null)
                  || (type == "directory" && b.pathExists (dir + "/${n}/mod.nix"))
                )
              );
          };

          # listToAttrs keeps the first of equal names: private ones first.
          mod = checked (
            b.listToAttrs (
              map (d: {
                name = exported d.src;
                inherit (d) value;
              }) (privateDefs ++ publicDefs)
            )
            // {
              inherit outPath;
            }
            // (if parent == null then { } else { pre = parent; })
          );
          public = checked (
            b.listToAttrs (
              map (d: {
                name = exported d.src;
                inherit (d) value;
              }) publicDefs
            )
          );
        in
        {
          inherit mod public;
        };
    in
    atom;

  stdValue = if std == null then pureOnly else mergeStd (composeAtom pureOnly std);
in
composeAtom stdValue atomDir
