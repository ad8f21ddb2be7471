#!/usr/bin/env python3
"""Regenerate expected outputs of tests/modules cases from C++ Nix (nix-oracle).

    tests/modules/regen.py [NAME.nix ...]      # default: every case

Each NAME.nix is a function `{ lib }: ...` over nixpkgs' lib, read in place
from the shared corpus (`$NIXPKGS_LIB`, else `../shared/corpora/nixpkgs-lib`
next to the checkout). It runs as `nix-instantiate --eval --strict NAME.nix
--arg lib 'import CORPUS/lib'` plus the flags of a `# flags: ...` line.
Success writes NAME.exp (stdout), failure NAME.err.exp (the whole of
stderr), with the checkout written as /pwd and the corpus as /nixpkgs-lib.
"""
import glob, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
corpus = os.path.realpath(os.environ.get("NIXPKGS_LIB") or os.path.join(top, "..", "shared", "corpora", "nixpkgs-lib"))
oracle = os.environ.get("NIX_ORACLE") or os.path.join(top, "..", "shared", "tools", "nix-oracle")
if not os.path.isdir(os.path.join(corpus, "lib")):
    sys.exit(f"regen: nixpkgs' lib not found at {corpus} (set NIXPKGS_LIB)")
env = dict(os.environ, ORACLE_SHARE=os.path.commonpath([top, corpus]))

files = [os.path.join(here, f) for f in sys.argv[1:]] or sorted(glob.glob(os.path.join(here, "*.nix")))
for path in files:
    flags = []
    for line in open(path):
        if line.startswith("# flags:"):
            flags = line.split(":", 1)[1].split()
    r = subprocess.run([oracle, "run", "nix-instantiate", "--eval", "--strict", path,
                        "--arg", "lib", f"import {corpus}/lib"] + flags, capture_output=True, cwd=top, env=env)
    base = path[:-4]
    for stale in (base + ".exp", base + ".err.exp"):
        if os.path.exists(stale):
            os.remove(stale)
    out, ext = (r.stdout, ".exp") if r.returncode == 0 else (r.stderr, ".err.exp")
    out = out.replace(top.encode(), b"/pwd").replace(corpus.encode(), b"/nixpkgs-lib")
    open(base + ext, "wb").write(out)
    print(f"{os.path.basename(base)}{ext}")
