#!/usr/bin/env bash
# Makes the dependency fixtures in DIR (absolute), used by tests/deps.rs:
#
# - core/: a git repository of atoms published eka-style: refs/ekala/init
#   is its root commit, refs/eka/atoms/<label>/<version> are orphan commits
#   of each atom's tree. `util` depends on `base` from the same set, so the
#   app's dependency is transitive.
# - pkgs/: a plain-Nix repository (a nix+git pin) whose default.nix takes
#   `{ system }` and imports a sibling file.
# - tarpkg.tar.gz (a nix+tar pin) and data.txt (a nix+src source).
# - app/: a repository with ekala.toml, the atom `app` (entry = "src") and
#   the local atom `lib` ("::" set), locked against all of the above.
#
# Commits are reproducible (fixed identity and dates), so revisions and
# store paths do not depend on where DIR is. Prints nothing; atom IDs
# are computed with ATOM_EVAL (the binary under test's `id`).
set -euo pipefail
dir="$1"
bin="${ATOM_EVAL:?ATOM_EVAL must name the atom-eval binary}"
mkdir -p "$dir"
cd "$dir"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
export GIT_AUTHOR_DATE=2024-01-02T03:04:05Z GIT_COMMITTER_DATE=2024-01-02T03:04:05Z
export GIT_CONFIG_NOSYSTEM=1 HOME="$dir"
id() { "$bin" id "$1" --json | sed -n 's/.*"id": "\(.*\)".*/\1/p'; }
sri() { printf 'sha256-%s' "$(openssl dgst -sha256 -binary "$1" | base64)"; }

# core: base and util, published.
mkdir core
(
  cd core
  git init -q -b main
  echo core > README
  git add . && git commit -qm init
  root=$(git rev-parse HEAD)
  git update-ref refs/ekala/init "$root"
  mkdir base util
  printf '[package]\nlabel = "base"\nversion = "0.1.0"\n' > base/atom.toml
  printf '{ Value = "base"; }\n' > base/mod.nix
  git add base && git commit -qm base
  base_rev=$(git commit-tree "$(git rev-parse HEAD:base)" -m "base 0.1.0")
  git update-ref refs/eka/atoms/base/0.1.0 "$base_rev"
  cat > util/atom.toml <<EOF
[package]
label = "util"
version = "0.1.0"
[package.sets]
core = "file://$dir/core"
[deps.from.core]
base = "^0.1"
EOF
  cat > util/atom.lock <<EOF
version = 1
[sets.$root]
tag = "core"
mirrors = ["file://$dir/core"]
[[deps]]
type = "atom"
label = "base"
version = "0.1.0"
set = "$root"
rev = "$base_rev"
mirror = "file://$dir/core"
id = "$(id base)"
EOF
  printf '{ Value = "util+${deps.from.core.base.value}"; Out = "${mod}"; Cfg = cfg; }\n' > util/mod.nix
  git add util && git commit -qm util
  util_rev=$(git commit-tree "$(git rev-parse HEAD:util)" -m "util 0.1.0")
  git update-ref refs/eka/atoms/util/0.1.0 "$util_rev"
  echo "$root" > ../core.root
  echo "$util_rev" > ../util.rev
  echo "$base_rev" > ../base.rev
  id util > ../util.id
  id base > ../base.id
)

# pkgs: plain Nix, imported with arguments.
mkdir pkgs
(
  cd pkgs
  git init -q -b main
  printf '{ system }: { greeting = import ./lib.nix "hello from ${system}"; }\n' > default.nix
  printf 's: s + "!"\n' > lib.nix
  printf 'builtins.currentSystem\n' > impure.nix
  printf 'builtins.readFile /etc/hostname\n' > host.nix
  printf 'builtins.getEnv "HOME"\n' > env.nix
  printf '<nixpkgs>\n' > lookup.nix
  printf 'builtins.fetchTarball "file:///nonexistent.tar.gz"\n' > fetch.nix
  printf 'builtins.fetchGit { url = "file:///nonexistent"; ref = "main"; }\n' > fetchgit.nix
  git add . && git commit -qm pkgs
  git rev-parse HEAD > ../pkgs.rev
)

mkdir -p t/tarpkg
printf '{ x = 1; y = import ./y.nix; }\n' > t/tarpkg/default.nix
printf '2\n' > t/tarpkg/y.nix
touch -h -d @1600000000 t/tarpkg/default.nix t/tarpkg/y.nix t/tarpkg
tar --mtime=@1700000000 --owner=0 --group=0 --numeric-owner -C t -czf tarpkg.tar.gz tarpkg
echo "some data" > data.txt
sri data.txt > data.sri
"$bin" eval --raw -E "builtins.convertHash { hash = \"$(cat data.sri)\"; toHashFormat = \"nix32\"; }" > data.nix32

# app: an atom of its own repository with a local dependency.
mkdir app
(
  cd app
  git init -q -b main
  echo app > README
  git add . && git commit -qm init
  root=$(git rev-parse HEAD)
  printf '[set]\npackages = ["app", "lib", "ring-a", "ring-b", "settings", "nixy", "twin"]\n' > ekala.toml
  mkdir -p app/src lib ring-a ring-b settings nixy/nix twin
  # settings: [compose.as] static, the manifest is the value.
  cat > settings/atom.toml <<EOF
[package]
label = "settings"
version = "0.3.0"
[package.meta]
description = "static configuration"
tags = ["config"]
[compose.as]
static = "config"
EOF
  # nixy: [compose.as] nix, a plain Nix file with atoms and cfg.
  cat > nixy/atom.toml <<EOF
[package]
label = "nixy"
version = "0.1.0"
[package.sets]
local = "::"
[compose.as]
nix = "nix/default.nix"
[deps.from.local]
lib = "^0.1"
settings = "^0.3"
EOF
  cat > nixy/nix/default.nix <<'EOF'
{
  label = cfg.package.label;
  lib = atoms.from.local.lib.name;
  settings = atoms.from.local.settings.package.version;
  helper = import ./helper.nix;
  env = builtins.getEnv "HOME";
  host = builtins.readFile /etc/hostname;
  outside = builtins.readFile ../../app/src/mod.nix;
  time = builtins.currentTime;
  fetch = builtins.fetchTarball "file:///nonexistent.tar.gz";
}
EOF
  printf '"helped by ${cfg.package.version}"\n' > nixy/nix/helper.nix
  # twin: labelled "base" like core's base, on which it depends: another
  # atom with the same label and version, not a cycle.
  cat > twin/atom.toml <<EOF
[package]
label = "base"
version = "0.1.0"
[package.sets]
core = "file://$dir/core"
[deps.from.core]
base = "^0.1"
EOF
  printf '{ Value = "twin of ${deps.from.core.base.value}"; }\n' > twin/mod.nix
  # ring-a and ring-b depend on each other: a cycle.
  for pair in a:b b:a; do
    me=${pair%:*} other=${pair#*:}
    printf '[package]\nlabel = "ring-%s"\nversion = "0.1.0"\n[package.sets]\nlocal = "::"\n[deps.from.local]\nring-%s = "^0.1"\n' \
      "$me" "$other" > "ring-$me/atom.toml"
    printf '{ Value = deps.from.local.ring-%s.value; }\n' "$other" > "ring-$me/mod.nix"
  done
  for pair in a:b b:a; do
    me=${pair%:*} other=${pair#*:}
    printf 'version = 1\n[sets.%s]\ntag = "local"\nmirrors = ["::"]\n[[deps]]\ntype = "atom"\nlabel = "ring-%s"\nversion = "0.1.0-local"\nset = "%s"\nid = "%s"\n' \
      "$root" "$other" "$root" "$(id "ring-$other")" > "ring-$me/atom.lock"
  done
  printf '[package]\nlabel = "lib"\nversion = "0.1.0"\n' > lib/atom.toml
  printf '{ Name = "lib"; }\n' > lib/mod.nix
  cat > nixy/atom.lock <<EOF
version = 1
[sets.$root]
tag = "local"
mirrors = ["::"]
[[deps]]
type = "atom"
label = "lib"
version = "0.1.0-local"
set = "$root"
id = "$(id lib)"
[[deps]]
type = "atom"
label = "settings"
version = "0.3.0-local"
set = "$root"
id = "$(id settings)"
EOF
  cat > twin/atom.lock <<EOF
version = 1
[sets.$(cat ../core.root)]
tag = "core"
mirrors = ["file://$dir/core"]
[[deps]]
type = "atom"
label = "base"
version = "0.1.0"
set = "$(cat ../core.root)"
rev = "$(cat ../base.rev)"
mirror = "file://$dir/core"
id = "$(cat ../base.id)"
EOF
  cat > app/atom.toml <<EOF
[package]
label = "app"
version = "0.2.0"
[package.sets]
core = "file://$dir/core"
local = "::"
[compose.with.atom-nix]
from = "core"
entry = "src"
[deps.from.core]
util = "^0.1"
[deps.from.local]
lib = "^0.1"
nixy = "^0.1"
settings = "^0.3"
[deps.direct.nix]
pkgs = { git = "file://$dir/pkgs", ref = "main" }
tarpkg = { tar = "file://$dir/tarpkg.tar.gz" }
data = { build = "file://$dir/data.txt", unpack = false }
remote = { build = "https://example.org/data.txt", unpack = false }
remote32 = { build = "https://example.org/data.txt", unpack = false }
EOF
  cat > app/atom.lock <<EOF
version = 1
[sets.$(cat ../core.root)]
tag = "core"
mirrors = ["file://$dir/core"]
[sets.$root]
tag = "local"
mirrors = ["::"]
[[deps]]
type = "atom"
label = "util"
version = "0.1.0"
set = "$(cat ../core.root)"
rev = "$(cat ../util.rev)"
mirror = "file://$dir/core"
id = "$(cat ../util.id)"
[[deps]]
type = "atom"
label = "lib"
version = "0.1.0-local"
set = "$root"
id = "$(id lib)"
[[deps]]
type = "atom"
label = "nixy"
version = "0.1.0-local"
set = "$root"
id = "$(id nixy)"
[[deps]]
type = "atom"
label = "settings"
version = "0.3.0-local"
set = "$root"
id = "$(id settings)"
[[deps]]
type = "nix+git"
name = "pkgs"
url = "file://$dir/pkgs"
rev = "$(cat ../pkgs.rev)"
[[deps]]
type = "nix+tar"
name = "tarpkg"
url = "file://$dir/tarpkg.tar.gz"
hash = "@TARHASH@"
[[deps]]
type = "nix+src"
name = "data"
url = "file://$dir/data.txt"
hash = "$(cat ../data.sri)"
[[deps]]
type = "nix+src"
name = "remote"
url = "https://example.org/data.txt"
hash = "$(cat ../data.sri)"
[[deps]]
type = "nix+src"
name = "remote32"
url = "https://example.org/data.txt"
hash = "sha256:$(cat ../data.nix32)"
EOF
  cat > app/src/mod.nix <<'EOF'
{
  Util = deps.from.core.util;
  Lib = deps.from.local.lib.name;
  Pkgs = (deps.pins.pkgs.import "default.nix") { system = "x86_64-linux"; };
  PkgsSrc = deps.pins.pkgs.src;
  Tar = deps.pins.tarpkg.import "default.nix";
  Data = std.readFile deps.get.data.src;
  DataSrc = deps.get.data.src.outPath;
  Remote = deps.get.remote.src;
  Remote32 = deps.get.remote32.src;
  RemoteNames = std.attrNames deps.get.remote.src;
  Settings = deps.from.local.settings;
  Nixy = deps.from.local.nixy;
  TarSrc = deps.pins.tarpkg.src;
  Out = "${mod}";
  Impure = deps.pins.pkgs.import "impure.nix";
  Host = deps.pins.pkgs.import "host.nix";
  Env = deps.pins.pkgs.import "env.nix";
  Lookup = deps.pins.pkgs.import "lookup.nix";
  Fetch = deps.pins.pkgs.import "fetch.nix";
  FetchGit = deps.pins.pkgs.import "fetchgit.nix";
}
EOF
  git add . && git commit -qm app
)
# The tarball's NAR hash, as fetchTarball computes it (checked against C++
# Nix in tests/fetchers).
tarhash=$(XDG_CACHE_HOME="$dir/hash-cache" "$bin" eval --raw --store-root "$dir/hash-store" \
  --extra-experimental-features fetch-tree \
  -E "(builtins.fetchTree { type = \"tarball\"; url = \"file://$dir/tarpkg.tar.gz\"; }).narHash")
rm -rf "$dir/hash-store" "$dir/hash-cache"
sed -i "s|@TARHASH@|$tarhash|" app/app/atom.lock
