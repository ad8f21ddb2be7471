#!/usr/bin/env python3
"""Regenerate expected outputs of engine/tests/lang cases from C++ Nix (nix-oracle).

    engine/tests/lang/regen.py 'eval-okay-syntax-*.nix' 'eval-fail-syntax-*.nix'

eval-okay-X.nix -> X.exp (stdout of `nix-instantiate --eval --strict`), plus
X.exp.json when the file has a `# exp-json` line or the .exp.json exists;
eval-fail-X.nix -> X.err.exp (stderr). The checkout path becomes /pwd.
A case whose outcome contradicts its name is refused and nothing is written.
Files with a `# nix-flags: ...` line pass those flags to nix-instantiate
(e.g. `--extra-experimental-features pipe-operators`).
"""
import glob, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
top = subprocess.run(["git", "-C", here, "rev-parse", "--show-toplevel"], capture_output=True, text=True).stdout.strip()
# Expected outputs name files below the engine crate as /pwd/..., so they
# hold wherever the repository is cloned.
root = os.path.dirname(os.path.dirname(here))
oracle = os.environ.get("NIX_ORACLE") or os.path.join(top, "..", "shared", "tools", "nix-oracle")

def run(path, json=False):
    flags = []
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("# nix-flags:"):
            flags = line.split(":", 1)[1].split()
    args = [oracle, "run", "nix-instantiate", "--eval", "--strict"] + (["--json"] if json else []) + flags + [path]
    return subprocess.run(args, capture_output=True, cwd=top)

def sanitize(b):
    return b.replace(root.encode(), b"/pwd")

refused = written = 0
for pattern in sys.argv[1:]:
    for path in sorted(glob.glob(os.path.join(here, pattern))):
        base = path[:-4]
        name = os.path.basename(path)
        r = run(path)
        okay = name.startswith("eval-okay-")
        if okay != (r.returncode == 0):
            print(f"refused: {name}: {'failed' if okay else 'succeeded'}: {sanitize(r.stderr or r.stdout)[:200]!r}")
            refused += 1
            continue
        if okay:
            open(base + ".exp", "wb").write(sanitize(r.stdout))
            text = open(path, encoding="utf-8", errors="replace").read()
            if "# exp-json" in text or os.path.exists(base + ".exp.json"):
                open(base + ".exp.json", "wb").write(sanitize(run(path, json=True).stdout))
        else:
            open(base + ".err.exp", "wb").write(sanitize(r.stderr))
        written += 1
print(f"regen: {written} written, {refused} refused")
sys.exit(1 if refused else 0)
