#!/usr/bin/env bash
# check.sh: check the composer against the committed expected outputs, on
# the oracle (a regression test for compose.nix and std/ themselves).
#
#   tests/composer/check.sh            # examples/*, modules-spec/examples/*
#   tests/composer/check.sh DIR ...
#
# expected.out / expected.json must match run.sh's stdout exactly; every
# line of expected.err must occur in run.sh's --show-trace stderr.
# Prints "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
shopt -s nullglob
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
[ $# -gt 0 ] || set -- "$top"/examples/*/ "$top"/modules-spec/examples/*/
pass=0 fail=0
for d in "$@"; do
  d="$(realpath "$d")"; name="${d#$top/}"; ok=1
  if [ -f "$d/expected.out" ]; then
    diff <("$here/run.sh" "$d" 2>/dev/null) "$d/expected.out" >/dev/null || ok=0
    if [ -f "$d/expected.json" ]; then
      diff <("$here/run.sh" "$d" --json 2>/dev/null) "$d/expected.json" >/dev/null || ok=0
    fi
  elif [ -f "$d/expected.err" ]; then
    err="$("$here/run.sh" "$d" --show-trace 2>&1 >/dev/null)" && ok=0
    while IFS= read -r line; do
      [[ "$err" == *"$line"* ]] || ok=0
    done <"$d/expected.err"
  else
    ok=0
  fi
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name"; fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
