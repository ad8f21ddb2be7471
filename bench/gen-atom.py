#!/usr/bin/env python3
"""Generate a synthetic atom for the benchmarks.

The atom is a complete tree of modules: every module below the maximum depth
has FANOUT submodules, and every module has MEMBERS member files. All module
directories and member files have Uppercase names, so they are public and the
whole atom is reachable from the atom's public view (`atom.m0.m1.value`).

Member files do real work with plain builtins only (no `std`), and they
reference `mod` (own module), `pre` (parent module) and `cfg` (manifest), so
evaluating the atom exercises the module system's scoping, not just parsing:

  Value.nix   parent's value plus a small genList/foldl' computation and a
              call of the module's private `helper` (defined in mod.nix);
  Sum.nix     own value plus the `sum` of every submodule (so forcing the
              root's `sum` walks the whole tree);
  Label.nix   parent's label extended with this module's name;
  X<j>.nix    further members (when MEMBERS > 3): arithmetic on `mod`.

mod.nix defines a public `Depth` and a private `helper` function.

Presets (module count = sum of FANOUT^d for d = 0..DEPTH):
  default   depth 4, fan-out 5, 3 members  ->   781 modules
  large     depth 5, fan-out 5, 3 members  -> 3,906 modules

The output directory is wiped and rewritten; it defaults to
bench/atoms/<preset>/atom (ignored by git). Generation is deterministic, so
the same parameters always give the same atom and the same results.

With --reexport, every module directory and member file has a private
(lowercase) name, and each mod.nix publishes them with the re-export idiom
(`M0 = mod.m0; Value = mod.value; ...`). The public view, and so every
value, is the same as without it.

Usage: gen-atom.py [--preset default|large] [--depth D] [--fanout F]
                   [--members N] [--reexport] [--out DIR]
"""

import argparse
import os
import shutil
import sys

PRESETS = {
    "default": dict(depth=4, fanout=5, members=3),
    "large": dict(depth=5, fanout=5, members=3),
}

HERE = os.path.dirname(os.path.abspath(__file__))


def module_count(depth, fanout):
    """Number of modules in a complete tree of the given depth and fan-out."""
    return sum(fanout**d for d in range(depth + 1))


def member_files(path, depth, fanout, members, max_depth, reexport=False):
    """Return {file name: Nix source} for the module at index path `path`.

    `path` is the list of child indices from the root, so its length is the
    module's depth. `seed` makes every module's arithmetic slightly different
    so that no two modules compute identical values.
    """
    is_root = depth == 0
    is_leaf = depth == max_depth
    seed = sum((i + 1) * (d + 3) for d, i in enumerate(path)) + depth
    files = {}

    parent_value = "0" if is_root else "pre.value"
    files["Value.nix"] = (
        "# Parent's value plus a small fold; calls the private mod.helper.\n"
        "let\n"
        f"  base = builtins.foldl' (acc: i: acc + i * i - {seed}) 0 "
        f"(builtins.genList (i: i + {seed}) 40);\n"
        "in\n"
        f"{parent_value} + mod.depth * 7 + base - mod.helper {seed}\n"
    )

    if is_leaf:
        sum_expr = "mod.value"
    else:
        kids = " + ".join(f"mod.m{i}.sum" for i in range(fanout))
        sum_expr = f"mod.value + {kids}"
    files["Sum.nix"] = "# Own value plus every submodule's sum.\n" + sum_expr + "\n"

    if is_root:
        label = '"${cfg.atom.id}-${cfg.atom.version}"'
    else:
        label = (
            f'"${{pre.label}}/m{path[-1]}:'
            '${toString (builtins.stringLength pre.label)}"'
        )
    files["Label.nix"] = "# Parent's label extended with this module's name.\n" + label + "\n"

    for j in range(3, members):
        files[f"X{j}.nix"] = (
            f"# Extra member {j}: arithmetic on the module's own members.\n"
            f"mod.value * {j} + mod.depth + builtins.length (builtins.attrNames mod)\n"
        )

    # Members are taken from the first `members` of the standard three.
    standard = ["Value.nix", "Sum.nix", "Label.nix"]
    for name in standard[members:]:
        del files[name]
    reexports = ""
    if reexport:
        # Private files and submodules, published by mod.nix.
        stems = sorted(n[:-4] for n in files)
        files = {n[0].lower() + n[1:]: text for n, text in files.items()}
        subs = [] if depth == max_depth else [f"M{i}" for i in range(fanout)]
        reexports = "".join(
            f"  {name} = mod.{name[0].lower() + name[1:]};\n" for name in stems + subs
        )
    files["mod.nix"] = (
        "# Public Depth; private helper used by Value.nix.\n"
        "{\n"
        f"  Depth = {depth};\n"
        f"  helper = x: x * 3 + mod.depth + {depth};\n"
        + reexports
        + "}\n"
    )
    return files


def generate(out, depth, fanout, members, reexport=False):
    """Write the atom under `out` (wiped first). Returns the module count."""
    if members < 3:
        # Sum.nix and Label.nix are referenced by other modules' members, and
        # Value.nix by every Sum.nix; fewer than three would leave dangling
        # references.
        raise SystemExit("gen-atom: --members must be at least 3")
    if os.path.exists(out):
        if not os.path.exists(os.path.join(out, "atom.toml")) and os.listdir(out):
            raise SystemExit(f"gen-atom: refusing to wipe non-atom directory {out}")
        shutil.rmtree(out)
    os.makedirs(out)
    with open(os.path.join(out, "atom.toml"), "w") as f:
        f.write('[atom]\nid = "bench"\nversion = "0.1.0"\n')

    count = 0
    stack = [([], out)]
    while stack:
        path, d = stack.pop()
        os.makedirs(d, exist_ok=True)
        for name, text in member_files(path, len(path), fanout, members, depth, reexport).items():
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        count += 1
        if len(path) < depth:
            for i in range(fanout):
                sub = f"m{i}" if reexport else f"M{i}"
                stack.append((path + [i], os.path.join(d, sub)))
    return count


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--preset", choices=sorted(PRESETS), default="default")
    ap.add_argument("--depth", type=int)
    ap.add_argument("--fanout", type=int)
    ap.add_argument("--members", type=int)
    ap.add_argument("--reexport", action="store_true", help="private names, published by mod.nix")
    ap.add_argument("--out", help="output directory (default bench/atoms/<preset>/atom)")
    args = ap.parse_args(argv)
    params = dict(PRESETS[args.preset])
    for k in ("depth", "fanout", "members"):
        if getattr(args, k) is not None:
            params[k] = getattr(args, k)
    out = args.out or os.path.join(HERE, "atoms", args.preset, "atom")
    n = generate(out, reexport=args.reexport, **params)
    print(
        f"gen-atom: {n} modules (depth {params['depth']}, fan-out {params['fanout']}, "
        f"{params['members']} members) in {out}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
