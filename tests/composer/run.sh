#!/usr/bin/env bash
# run.sh ATOM_DIR [--json] [NIX-INSTANTIATE ARGS...]
#
# Compose ATOM_DIR with tests/composer/compose.nix (std = this repo's std/)
# on the C++ Nix oracle and print the whole public view, as
#   nix-instantiate --eval --strict [--json] --read-write-mode
# The store must be writable (--read-write-mode): the composer copies every
# module file to the store before evaluating it. The absolute checkout path
# is replaced by /pwd in stdout and stderr, so outputs can be committed.
# Exit status is nix-instantiate's.
#
# Environment: ORACLE (default /work/shared/tools/nix-oracle),
# ATTR (optional attribute path to select from the public view, e.g. "a.b").
set -uo pipefail
ORACLE="${ORACLE:-/work/shared/tools/nix-oracle}"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 ATOM_DIR [--json] [ARGS...]" >&2; exit 2; }
atom="$(realpath "$1")"; shift
expr="import $here/compose.nix { std = $repo/std; } $atom"
[ -n "${ATTR:-}" ] && expr="($expr).$ATTR"
out="$(mktemp)"; err="$(mktemp)"
"$ORACLE" run nix-instantiate --eval --strict --read-write-mode "$@" -E "$expr" >"$out" 2>"$err"
rc=$?
sed "s#$repo#/pwd#g" "$out"
sed "s#$repo#/pwd#g" "$err" >&2
rm -f "$out" "$err"
exit $rc
