#!/usr/bin/env bash
# Regenerates the .exp files of this directory with C++ Nix 2.26
# (/work/shared/tools/nix-oracle or $NIX_ORACLE): makes the fixtures under
# a fixed directory the oracle's chroot can see ($ORACLE_SHARE), puts it
# in place of @FX@ in each case, and records nix-instantiate's output.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
oracle="${NIX_ORACLE:-/work/shared/tools/nix-oracle}"
fx=/tmp/atom-eval-fetch-fixtures
# Emptied, not removed: the oracle keeps it bind-mounted.
mkdir -p "$fx"
find "$fx" -mindepth 1 -delete
bash "$here/make-fixtures.sh" "$fx"
export ORACLE_SHARE="$fx"
for case in "$here"/*.nix; do
  name="$(basename "$case" .nix)"
  expr="$(sed "s|@FX@|$fx|g" "$case")"
  (cd "$fx" && "$oracle" run nix-instantiate --eval --strict \
      --extra-experimental-features 'flakes fetch-tree' -E "$expr") > "$here/$name.exp"
done
