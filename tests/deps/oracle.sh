#!/usr/bin/env bash
# Prints, from C++ Nix (the oracle, /work/shared/tools/nix-oracle), the
# values tests/deps.rs expects: the fixtures of make-fixtures.sh evaluated
# with C++ Nix's own fetchers and tests/composer/compose.nix with `deps`
# passed in, as the reference flow composes them.
#
#   ATOM_EVAL=target/debug/atom-eval tests/deps/oracle.sh /tmp/deps-oracle
set -euo pipefail
dir="${1:?usage: oracle.sh DIR (absolute, made fresh)}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$dir" && rm -rf "$dir/fx" "$dir/compose.nix" "$dir/oracle.nix"
bash "$here/make-fixtures.sh" "$dir/fx"
cp "$here/../composer/compose.nix" "$dir/compose.nix"
fx="$dir/fx"
hash_of() { grep -A4 "name = \"$1\"" "$fx/app/app/atom.lock" | sed -n 's/hash = "\(.*\)"/\1/p'; }
cat > "$dir/oracle.nix" <<EOF
let
  core = "file://$fx/core";
  fetchAtom = label: rev: builtins.unsafeDiscardStringContext (builtins.fetchGit {
    name = label; url = core; ref = "refs/eka/atoms/\${label}/0.1.0"; inherit rev;
  }).outPath;
  compose = import $dir/compose.nix;
  base = compose { } (fetchAtom "base" "$(git -C "$fx/core" rev-parse refs/eka/atoms/base/0.1.0)");
  util = compose { deps = { deps = { from.core.base = base; }; }; } (fetchAtom "util" "$(cat "$fx/util.rev")");
  pkgs = builtins.fetchGit { url = "file://$fx/pkgs"; rev = "$(cat "$fx/pkgs.rev")"; shallow = true; };
  tar = builtins.fetchTarball { url = "file://$fx/tarpkg.tar.gz"; sha256 = "$(hash_of tarpkg)"; };
  data = import <nix/fetchurl.nix> { url = "file://$fx/data.txt"; hash = "$(hash_of data)"; };
  remote = import <nix/fetchurl.nix> { url = "https://example.org/data.txt"; hash = "$(hash_of data)"; };
  remote32 = import <nix/fetchurl.nix> { url = "https://example.org/data.txt"; hash = "sha256:$(cat "$fx/data.nix32")"; };
in {
  "util.value" = util.value;
  "util.out" = util.out;
  pkgs = (import "\${pkgs}/default.nix") { system = "x86_64-linux"; };
  pkgsSrc = "\${pkgs}";
  tar = import "\${tar}/default.nix";
  tarSrc = "\${tar}";
  data = builtins.readFile (builtins.fetchurl { url = "file://$fx/data.txt"; sha256 = "$(hash_of data)"; });
  dataSrc = data.outPath;
  "remote.drvPath" = remote.drvPath;
  "remote.outPath" = remote.outPath;
  "remote32.drvPath" = remote32.drvPath;
  remoteNames = builtins.attrNames remote;
  settings = builtins.fromTOML (builtins.readFile $fx/app/settings/atom.toml);
}
EOF
ORACLE_SHARE="$dir" /work/shared/tools/nix-oracle run nix-instantiate --eval --strict --read-write-mode "$dir/oracle.nix"
