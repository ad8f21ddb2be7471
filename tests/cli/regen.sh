#!/usr/bin/env bash
# regen.sh: the expected outputs of the CLI cases (tests/cli/NAME.args, one
# argument per line, run in this directory as
# `nix-instantiate --eval ARGS`) from C++ Nix (nix-oracle):
# NAME.exp is stdout exactly, or for a failing case `error: ` and the innermost
# error message. NAME.stderr.exp, when it exists, is stderr exactly.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
top="$(git -C "$here" rev-parse --show-toplevel)"
oracle="${NIX_ORACLE:-$top/../shared/tools/nix-oracle}"
cd "$here"
for args in *.args; do
  name="${args%.args}"
  mapfile -t argv < "$args"
  if "$oracle" run nix-instantiate --eval "${argv[@]}" > "$name.exp" 2>/tmp/cli-err; then
    :
  else
    msg="$(grep -E '^\s*error: ' /tmp/cli-err | tail -1 | sed -E 's/^\s*//')"
    printf '%s\n' "$msg" > "$name.exp"
  fi
  if [ -e "$name.stderr.exp" ]; then cp /tmp/cli-err "$name.stderr.exp"; fi
done
