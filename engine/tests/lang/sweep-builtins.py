#!/usr/bin/env python3
"""Sweep every builtin with wrong-typed arguments against C++ Nix (nix-oracle).

    engine/tests/lang/sweep-builtins.py            # compare, print differences
    engine/tests/lang/sweep-builtins.py --write    # also add cases to the corpus
    engine/tests/lang/sweep-builtins.py substring  # only some builtins

For argument i of a builtin, the arguments before it are valid samples, the
argument itself is a value of each type in turn, and the arguments after it
are `throw "later"` (and, in a second case, valid samples), so the sweep
checks both the wording of the type error and that the argument is checked
before the next one is forced. Each case
runs as `nix-instantiate --eval --strict -E` (oracle) and as
`atom-eval eval --strict -E` (ATOM_EVAL, default the workspace's debug
build); their innermost `error:` lines (or outputs) must agree.

With --write, every case that differed and the first wrong-typed case of
each argument become `eval-fail-sweep-NAME-I-TYPE.nix` (or eval-okay-...),
and regen.py makes their expectations from the oracle.
"""
import os, re, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

here = os.path.dirname(os.path.abspath(__file__))
top = subprocess.run(["git", "-C", here, "rev-parse", "--show-toplevel"], capture_output=True, text=True).stdout.strip()
oracle = os.environ.get("NIX_ORACLE") or os.path.join(top, "..", "shared", "tools", "nix-oracle")
target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(top, "target")
atom = os.environ.get("ATOM_EVAL") or os.path.join(target, "debug", "atom-eval")

# Values of each type, by a short name used in case names.
BAD = {
    "int": "1",
    "float": "1.5",
    "string": '"s"',
    "bool": "true",
    "null": "null",
    "list": "[ 1 ]",
    "set": "{ a = 1; }",
    "lambda": "(x: x)",
    # a small directory that does not change (copying it names a store path)
    "path": "./fixtures/dir/sub",
}

# Valid arguments of each builtin, in order (what precedes a wrong one).
SAMPLES = {
    "add": ["1", "2"], "sub": ["1", "2"], "mul": ["1", "2"], "div": ["1", "2"],
    "lessThan": ["1", "2"], "bitAnd": ["1", "2"], "bitOr": ["1", "2"], "bitXor": ["1", "2"],
    "ceil": ["1.5"], "floor": ["1.5"],
    "attrNames": ["{ a = 1; }"], "attrValues": ["{ a = 1; }"],
    "getAttr": ['"a"', "{ a = 1; }"], "hasAttr": ['"a"', "{ a = 1; }"],
    "removeAttrs": ["{ a = 1; }", '[ "a" ]'], "listToAttrs": ['[ { name = "a"; value = 1; } ]'],
    "intersectAttrs": ["{ a = 1; }", "{ a = 2; }"], "catAttrs": ['"a"', "[ { a = 1; } ]"],
    "mapAttrs": ["(n: v: v)", "{ a = 1; }"], "zipAttrsWith": ["(n: v: v)", "[ { a = 1; } ]"],
    "functionArgs": ["({ a }: a)"], "unsafeGetAttrPos": ['"a"', "{ a = 1; }"],
    "length": ["[ 1 ]"], "head": ["[ 1 ]"], "tail": ["[ 1 ]"], "elemAt": ["[ 1 ]", "0"],
    "elem": ["1", "[ 1 ]"], "map": ["(x: x)", "[ 1 ]"], "filter": ["(x: true)", "[ 1 ]"],
    "genList": ["(x: x)", "2"], "concatLists": ["[ [ 1 ] ]"], "concatMap": ["(x: [ x ])", "[ 1 ]"],
    "foldl'": ["(a: b: a)", "0", "[ 1 ]"], "all": ["(x: true)", "[ 1 ]"], "any": ["(x: true)", "[ 1 ]"],
    "sort": ["(a: b: a < b)", "[ 2 1 ]"], "partition": ["(x: true)", "[ 1 ]"],
    "groupBy": ['(x: "a")', "[ 1 ]"], "genericClosure": ["{ startSet = [ { key = 1; } ]; operator = x: [ ]; }"],
    "toString": ["1"], "stringLength": ['"abc"'], "substring": ["0", "1", '"abc"'],
    "concatStringsSep": ['","', '[ "a" ]'], "replaceStrings": ['[ "a" ]', '[ "b" ]', '"abc"'],
    "splitVersion": ['"1.2"'], "compareVersions": ['"1.2"', '"1.3"'], "parseDrvName": ['"a-1.2"'],
    "baseNameOf": ['"/a/b"'], "dirOf": ['"/a/b"'], "match": ['"a"', '"a"'], "split": ['"a"', '"bab"'],
    "toJSON": ["1"], "fromJSON": ['"1"'], "fromTOML": ['"a = 1"'], "toXML": ["1"],
    "hashString": ['"sha256"', '"a"'], "convertHash": ['{ hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; toHashFormat = "base16"; }'],
    "getContext": ['"a"'], "hasContext": ['"a"'], "appendContext": ['"a"', "{ }"],
    "unsafeDiscardStringContext": ['"a"'], "unsafeDiscardOutputDependency": ['"a"'],
    "addDrvOutputDependencies": ['"a"'],
    "readFile": ["/dev/null"], "readDir": ["/"], "readFileType": ["/"], "pathExists": ["/"],
    "findFile": ["[ ]", '"a"'], "getEnv": ['"HOME_NOT_SET_X"'], "toPath": ['"/a"'],
    "placeholder": ['"out"'], "hashFile": ['"sha256"', "/dev/null"],
    "seq": ["1", "2"], "deepSeq": ["1", "2"], "trace": ['"x"', "1"], "warn": ['"x"', "1"],
    "throw": ['"x"'], "abort": ['"x"'],
}

def innermost(text):
    lines = [l.strip()[len("error: "):] for l in text.splitlines() if l.strip().startswith("error: ")]
    return lines[-1] if lines else None

def run_oracle(expr):
    r = subprocess.run([oracle, "expr", expr], capture_output=True, cwd=here)
    out = r.stdout.decode("utf-8", "replace").strip()
    err = r.stderr.decode("utf-8", "replace")
    return ("ok", out) if r.returncode == 0 else ("error", innermost(err))

def run_atom(expr):
    r = subprocess.run([atom, "eval", "--strict", "-E", expr], capture_output=True, cwd=here,
                       env=dict(os.environ, NO_COLOR="1"))
    out = r.stdout.decode("utf-8", "replace").strip()
    err = r.stderr.decode("utf-8", "replace")
    return ("ok", out) if r.returncode == 0 else ("error", innermost(err))

def cases(names):
    for name in names:
        samples = SAMPLES[name]
        for i in range(len(samples)):
            for ty, bad in BAD.items():
                args = samples[:i] + [bad] + ['(throw "later")'] * (len(samples) - i - 1)
                yield name, i, ty, "builtins.%s %s" % (name, " ".join(args))
                if i + 1 < len(samples):
                    args = samples[:i] + [bad] + samples[i + 1:]
                    yield name, i, ty + "-valid", "builtins.%s %s" % (name, " ".join(args))

def main():
    argv = sys.argv[1:]
    write = "--write" in argv
    names = [a for a in argv if not a.startswith("--")] or sorted(SAMPLES)
    todo = list(cases(names))
    with ThreadPoolExecutor(max_workers=2) as pool:
        oracle_results = list(pool.map(lambda c: run_oracle(c[3]), todo))
    differ = 0
    first_of = set()
    written = []
    for (name, i, ty, expr), want in zip(todo, oracle_results):
        got = run_atom(expr)
        same = want == got
        if not same:
            differ += 1
            print("DIFF %s\n  nix: %s\n  us:  %s" % (expr, want, got))
        keep = not same or ((name, i) not in first_of and want[0] == "error" and want[1] != "later")
        if want[0] == "error" and want[1] != "later":
            first_of.add((name, i))
        if write and keep:
            kind = "okay" if want[0] == "ok" else "fail"
            base = "eval-%s-sweep-%s-%d-%s" % (kind, re.sub(r"[^A-Za-z0-9]", "_", name), i, ty)
            with open(os.path.join(here, base + ".nix"), "w") as f:
                f.write(expr + "\n")
            written.append(base + ".nix")
    print("sweep: %d cases, %d differ" % (len(todo), differ))
    if written:
        subprocess.run([sys.executable, os.path.join(here, "regen.py")] + written, check=False)
    sys.exit(1 if differ else 0)

if __name__ == "__main__":
    main()
