#!/usr/bin/env bash
# Regenerates the expected values under store/tests/data from C++ Nix (the
# nix-oracle). Run from anywhere inside the checkout; needs the oracle set
# up. The tests only read the files this writes.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
TESTS="$(dirname "$HERE")"
DATA="$TESTS/data"
O="${NIX_ORACLE:-/work/shared/tools/nix-oracle}"
cd "$TESTS"
mkdir -p "$DATA"

# The oracle only sees the checkout, so scratch trees live here, briefly.
SCRATCH="$TESTS/.scratch"
rm -rf "$SCRATCH"; mkdir -p "$SCRATCH"
trap 'rm -rf "$SCRATCH"' EXIT

# Git cannot hold an empty directory: the tests add one to a copy of the
# fixture tree, and so do we here.
cp -a fixtures/tree "$SCRATCH/tree"
mkdir "$SCRATCH/tree/empty"

json() { "$O" eval-json "$1"; }

# 1. Hashes of strings in every format.
cat > "$SCRATCH/hashes.nix" <<'NIX'
let
  long = builtins.concatStringsSep "" (builtins.genList (_: "0123456789") 100) + "x";
  inputs = { empty = ""; abc = "abc"; fox = "The quick brown fox jumps over the lazy dog"; inherit long; };
  algos = [ "md5" "sha1" "sha256" "sha512" ];
  conv = h: a: f: builtins.convertHash { hash = h; hashAlgo = a; toHashFormat = f; };
in builtins.concatLists (map (id: map (a: let h = builtins.hashString a inputs.${id}; in
  [ id a h (conv h a "nix32") (conv h a "base64") (conv h a "sri") ]) algos) (builtins.attrNames inputs))
NIX
json "$SCRATCH/hashes.nix" | python3 -c '
import json,sys
for row in json.load(sys.stdin): print("\t".join(row))' > "$DATA/hashes.tsv"

# 2. convertHash on valid and invalid input: hash, algo (or -), format,
#    then ok:<result> or err:<C++ Nix message>.
conv_case() {
  local hash="$1" algo="$2" fmt="$3" expr out
  if [ "$algo" = - ]; then
    expr="builtins.convertHash { hash = \"$hash\"; toHashFormat = \"$fmt\"; }"
  else
    expr="builtins.convertHash { hash = \"$hash\"; hashAlgo = \"$algo\"; toHashFormat = \"$fmt\"; }"
  fi
  if out=$("$O" expr "$expr" 2>"$SCRATCH/err"); then
    printf '%s\t%s\t%s\tok:%s\n' "$hash" "$algo" "$fmt" "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read()))')"
  else
    printf '%s\t%s\t%s\terr:%s\n' "$hash" "$algo" "$fmt" "$(grep -E '^ *error: ' "$SCRATCH/err" | tail -1 | sed -E 's/^ *error: //')"
  fi
}
{
  conv_case xyz sha256 base16
  conv_case xyz - base16
  conv_case md5:xyz sha256 base16
  conv_case foo:xyz - base16
  conv_case SHA256:xyz - base16
  conv_case sha256-xyz - base16
  conv_case sha256- - base16
  conv_case sha256-AAAA - base16
  conv_case 'sha256-!!!!' - base16
  conv_case sha1:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz - base16
  conv_case sha1:0000000000000000000000000000000z - base16
  conv_case sha1:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz - base16
  conv_case sha1:000000000000000000000000000000e0 - base16
  conv_case sha1:gggggggggggggggggggggggggggggggggggggggg - base16
  conv_case sha1:AB00000000000000000000000000000000000000 - base16
  conv_case sha1:AB00000000000000000000000000000000000000 - sri
  conv_case sha1:AB00000000000000000000000000000000000000 - foo
  conv_case 'sha1:!!!!!!!!!!!!!!!!!!!!!!!!!!!!' - base16
  conv_case sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAA= - nix32
  conv_case sha1:AAAAAAAAAAAAAAAAAAAAAAAAAA== - sri
  conv_case sha1:AAAAAAAAAAAAAAAAAAAAAAAAAA/+ - sri
  conv_case sha1-AAAAAAAAAAAAAAAAAAAAAAAAAA== - sri
  conv_case sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA - sri
  conv_case sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAAA - sri
  conv_case sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=x - base16
  conv_case sha1-AAAAAAAAAAAA=AAAAAAAAAAAAAAA= - sri
  conv_case sha1-AB00000000000000000000000000000000000000 - base16
  conv_case sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA= md5 base16
  conv_case sha1:ab:cd - base16
  conv_case sha1-ab:cd - base16
  conv_case ab-cd:ef - base16
  conv_case '' sha1 sri
  conv_case 0000000000000000000000000000000000000000 sha1 sri
  conv_case sha256:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz - base16
  conv_case sha256:1zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz - base16
  conv_case sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad - nix32
  conv_case sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0= - base64
  conv_case 1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s sha256 sri
  conv_case ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0= sha256 base16
  conv_case 900150983cd24fb0d6963f7d28e17f72 md5 nix32
  conv_case sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f - nix32
} > "$DATA/convert.tsv"

# 3. Source paths, filters, text files and hashFile, from the fixtures:
#    key, then the value C++ Nix gives.
cat > "$SCRATCH/paths.nix" <<'NIX'
let
  tree = ./tree;
in {
  path_tree = builtins.path { name = "x"; path = tree; };
  path_tree_default_name = builtins.path { path = tree; };
  path_file = builtins.path { name = "file"; path = tree + "/file.txt"; };
  path_exec = builtins.path { name = "exec"; path = tree + "/exec.sh"; };
  path_symlink = builtins.path { name = "link"; path = tree + "/link"; };
  path_empty_dir = builtins.path { name = "empty"; path = tree + "/empty"; };
  path_sub = builtins.path { name = "sub"; path = tree + "/sub"; };
  path_file_flat = builtins.path { name = "flat"; path = tree + "/file.txt"; recursive = false; };
  filter_no_symlinks = builtins.filterSource (p: t: t != "symlink") tree;
  filter_no_sub = builtins.filterSource (p: t: baseNameOf p != "sub") tree;
  filter_only_dirs = builtins.path { name = "dirs"; path = tree; filter = p: t: t == "directory"; };
  tofile_hello = builtins.toFile "hello" "hello world\n";
  tofile_empty = builtins.toFile "empty.txt" "";
  tofile_drvlike = builtins.toFile "a.b-c_d" "x";
  tofile_dep = builtins.toFile "dep" "z";
  tofile_dep2 = builtins.toFile "dep2" "zz";
  tofile_with_refs = builtins.toFile "withrefs"
    "see ${builtins.toFile "dep2" "zz"} and ${builtins.toFile "dep" "z"}";
  hashfile_sha256 = builtins.hashFile "sha256" (tree + "/file.txt");
  hashfile_md5 = builtins.hashFile "md5" (tree + "/exec.sh");
  hashfile_sha1_empty = builtins.hashFile "sha1" (tree + "/sub/empty-file");
}
NIX
json "$SCRATCH/paths.nix" | python3 -c '
import json,sys
for k,v in sorted(json.load(sys.stdin).items()): print(k+"\t"+v)' > "$DATA/paths.tsv"

# 3b. Store path names through builtins.toFile, and store path parsing
#     through builtins.storePath: input, then ok:<path> or err:<message>.
expr_case() {
  local key="$1" expr="$2" out
  if out=$("$O" expr "$expr" 2>"$SCRATCH/err"); then
    printf '%s\tok:%s\n' "$key" "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read()))')"
  else
    printf '%s\terr:%s\n' "$key" "$(grep -E '^ *error: ' "$SCRATCH/err" | tail -1 | sed -E 's/^ *error: //')"
  fi
}
long211=$(printf 'a%.0s' $(seq 211))
{
  for n in "" . .. .-a ..-a ...-a .a "a b" a/b "a+-._?=AZ" "$long211" "${long211}a" "x-1.0"; do
    expr_case "$n" "builtins.toFile \"$n\" \"x\""
  done
} > "$DATA/names.tsv"
{
  for p in /nix/store/foo /nix/store/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee-foo \
    "/nix/store/00000000000000000000000000000000-f o" /nix/store/00000000000000000000000000000000 \
    /nix/store/00000000000000000000000000000000- /tmp/00000000000000000000000000000000-foo \
    /nix/store/0000000000000000000000000000000A-foo /nix/store/00000000000000000000000000000000-foo \
    /nix/store/00000000000000000000000000000000-foo/ /nix/store//00000000000000000000000000000000-foo \
    /nix/store/./00000000000000000000000000000000-foo /nix/store/00000000000000000000000000000000-foo/../x \
    /nix/store/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-foo-1.2; do
    expr_case "$p" "builtins.storePath \"$p\""
  done
} > "$DATA/storepaths.tsv"

# 4. Derivations: each case is an expression; we record drvPath and the
#    outputs' paths, and copy every .drv of the closure into data/drv/.
rm -rf "$DATA/drv"; mkdir -p "$DATA/drv"
cp "$HERE/derivations.nix" "$SCRATCH/derivations.nix"
cp fixtures/script.sh "$SCRATCH/script.sh"
cat > "$SCRATCH/info.nix" <<'NIX'
builtins.mapAttrs (_: d: {
  drvPath = d.drvPath;
  outputs = builtins.listToAttrs
    (map (o: { name = o; value = d.${o}.outPath; }) (d.outputs or [ "out" ]));
}) (import ./derivations.nix)
NIX
json "$SCRATCH/info.nix" | python3 -c '
import json,sys
for name,d in sorted(json.load(sys.stdin).items()):
    print("\t".join([name, d["drvPath"]] + [o+"="+p for o,p in sorted(d["outputs"].items())]))' > "$DATA/derivations.tsv"
# Instantiate for real so the .drv files exist in the oracle's store.
drvs=$("$O" run nix-instantiate "$SCRATCH/derivations.nix" 2>/dev/null | sed "s/!.*//")
for d in $("$O" run nix-store -qR $drvs | grep '\.drv$'); do
  "$O" run cat "$d" > "$DATA/drv/$(basename "$d")"
done
echo "wrote $(ls "$DATA" | tr '\n' ' ') and $(ls "$DATA/drv" | wc -l) .drv files"
