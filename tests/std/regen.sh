#!/usr/bin/env bash
# regen.sh: regenerate tests/std/eval-okay-std-*.exp from the C++ Nix oracle.
#
#   tests/std/regen.sh                  # every case
#   tests/std/regen.sh FILE.nix ...     # some cases
#
# Each case loads std with tests/composer/compose.nix and evaluates to a
# value; its .exp is the stdout of
#   nix-oracle eval FILE --read-write-mode
# (the composer copies module files to the store, so the store must be
# writable), with the checkout's absolute path replaced by /pwd. A case that
# fails on the oracle gets no .exp and makes the exit status non-zero.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
oracle="${NIX_ORACLE:-/work/shared/tools/nix-oracle}"
[ $# -gt 0 ] || set -- "$here"/eval-okay-std-*.nix
rc=0
for f in "$@"; do
  f="$(realpath "$f")"
  out="$(mktemp)"
  if "$oracle" eval "$f" --read-write-mode >"$out" 2>"$out.err"; then
    sed "s#$top#/pwd#g" "$out" >"${f%.nix}.exp"
  else
    echo "regen: $f failed on the oracle:" >&2; sed "s#$top#/pwd#g" "$out.err" >&2; rc=1
  fi
  rm -f "$out" "$out.err"
done
exit $rc
