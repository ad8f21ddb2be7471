#!/usr/bin/env bash
# regen-builtins.sh: regenerate the expected outputs of the builtins corpus
# (tests/lang/eval-{okay,fail}-builtins-*.nix) from the reference C++ Nix
# (nix-oracle, see shared/tools/nix-oracle).
#
#   tests/lang/regen-builtins.sh                 # every builtins case + builtins-names.exp
#   tests/lang/regen-builtins.sh 'eval-okay-builtins-sort*'   # a glob (relative to tests/lang)
#   tests/lang/regen-builtins.sh tests/lang/eval-fail-builtins-head.nix ...
#
# Outputs (the checkout's absolute path is replaced by /pwd in all of them):
#   eval-okay-*.nix -> .exp       stdout of `nix-oracle eval FILE`
#                      .exp.json  stdout of `nix-oracle eval-json FILE`, only when
#                                 the .nix has a line `# exp-json` or the
#                                 .exp.json already exists
#   eval-fail-*.nix -> .err.exp   full stderr of `nix-oracle eval FILE`
#
# It refuses (and writes nothing for that case) when an okay-case fails or a
# fail-case succeeds, so a broken case never gets a plausible-looking
# expectation. Exit status is non-zero if any case was refused.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
top="$(git -C "$here" rev-parse --show-toplevel)"
oracle="${NIX_ORACLE:-}"
if [ -z "$oracle" ]; then
  if command -v nix-oracle >/dev/null; then oracle=nix-oracle
  else oracle="$top/../shared/tools/nix-oracle"; fi
fi

# Collect the case files.
files=()
if [ $# -eq 0 ]; then
  set -- 'eval-okay-builtins-*.nix' 'eval-fail-builtins-*.nix'
  # The full run also refreshes the list of builtin names.
  "$oracle" expr 'builtins.attrNames builtins' >"$here/builtins-names.exp" \
    || { echo "regen-builtins: cannot list builtins" >&2; exit 2; }
fi
for arg in "$@"; do
  if [ -f "$arg" ]; then
    files+=("$(realpath "$arg")")
  else
    shopt -s nullglob
    # shellcheck disable=SC2206
    matched=("$here"/$arg)
    shopt -u nullglob
    for f in "${matched[@]}"; do
      case "$f" in *.nix) files+=("$f") ;; esac
    done
  fi
done

# Only ever touch the builtins corpus.
sanitize() { sed "s#${top}#/pwd#g"; }

tmp_out="$(mktemp)"; tmp_err="$(mktemp)"
trap 'rm -f "$tmp_out" "$tmp_err"' EXIT
refused=0; written=0
cd "$top" || exit 2
for f in "${files[@]}"; do
  base="${f%.nix}"
  name="$(basename "$f")"
  case "$name" in
    eval-okay-builtins-*.nix)
      if "$oracle" eval "$f" >"$tmp_out" 2>"$tmp_err"; then
        sanitize <"$tmp_out" >"$base.exp"
        written=$((written + 1))
        if grep -q '^# exp-json' "$f" || [ -e "$base.exp.json" ]; then
          if "$oracle" eval-json "$f" >"$tmp_out" 2>"$tmp_err"; then
            sanitize <"$tmp_out" >"$base.exp.json"
          else
            echo "REFUSED (json eval failed): $name" >&2
            sanitize <"$tmp_err" | tail -n 3 >&2
            refused=$((refused + 1))
          fi
        fi
      else
        echo "REFUSED (okay-case fails): $name" >&2
        sanitize <"$tmp_err" | tail -n 3 >&2
        refused=$((refused + 1))
      fi
      ;;
    eval-fail-builtins-*.nix)
      if "$oracle" eval "$f" >"$tmp_out" 2>"$tmp_err"; then
        echo "REFUSED (fail-case succeeds): $name => $(head -c 200 "$tmp_out")" >&2
        refused=$((refused + 1))
      else
        sanitize <"$tmp_err" >"$base.err.exp"
        written=$((written + 1))
      fi
      ;;
    *) echo "skipped (not a builtins case): $name" >&2 ;;
  esac
done
echo "regen-builtins: $written written, $refused refused" >&2
[ "$refused" -eq 0 ]
