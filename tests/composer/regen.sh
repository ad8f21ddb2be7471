#!/usr/bin/env bash
# regen.sh: regenerate the expected outputs of the example atoms from the
# C++ Nix oracle, running tests/composer/compose.nix (via run.sh).
#
#   tests/composer/regen.sh                 # examples/* and modules-spec/examples/*
#   tests/composer/regen.sh DIR ...         # some atom directories
#
# For an atom that evaluates (the whole public view, --strict):
#   expected.out   stdout of run.sh DIR
#   expected.json  stdout of run.sh DIR --json   (examples/ only)
# For an atom whose evaluation fails:
#   expected.err   the lines that atom-eval's stderr must contain: the
#                  innermost "in LABEL-VERSION at PATH" context, if any, and
#                  the first line of the final error message (without
#                  "error: "). Taken from `--show-trace` output.
# A directory gets exactly one of expected.out / expected.err; a stale one
# of the other kind is removed. Paths are /pwd-normalised by run.sh.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
shopt -s nullglob
if [ $# -eq 0 ]; then
  set -- "$top"/examples/*/ "$top"/modules-spec/examples/*/
fi
rc=0
for d in "$@"; do
  d="$(realpath "$d")"
  [ -f "$d/atom.toml" ] || { echo "regen: $d: no atom.toml" >&2; rc=1; continue; }
  tmp="$(mktemp)"
  if "$here/run.sh" "$d" >"$tmp" 2>/dev/null; then
    mv "$tmp" "$d/expected.out"; rm -f "$d/expected.err"
    case "$d" in
      "$top"/examples/*)
        "$here/run.sh" "$d" --json >"$d/expected.json" 2>/dev/null \
          || { echo "regen: $d: --json failed" >&2; rm -f "$d/expected.json"; rc=1; } ;;
    esac
    echo "ok   ${d#$top/}"
  else
    "$here/run.sh" "$d" --show-trace >/dev/null 2>"$tmp"
    {
      grep -E '^ *… in [^ ]+ at [^ ]+$' "$tmp" | tail -n 1 | sed -E 's/^ *… //'
      # The final error message: the last line starting with "error:".
      grep -E '^ *error: ' "$tmp" | tail -n 1 | sed -E 's/^ *error: //'
    } >"$d/expected.err"
    rm -f "$tmp" "$d/expected.out" "$d/expected.json"
    echo "fail ${d#$top/}: $(tail -n 1 "$d/expected.err")"
  fi
done
exit $rc
