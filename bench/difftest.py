#!/usr/bin/env python3
"""Differential tester: random small closed Nix expressions, atom-eval vs C++ Nix.

    bench/difftest.py --seed 1 --count 2000            # generate, compare, shrink, summarise
    bench/difftest.py --seed 1 --case 17 --show        # print one generated case
    bench/difftest.py --seed 1 --count 500 --json out.json

Each case is a seeded expression tree (case i of seed S is always the same
expression), written to `bench/.cache/difftest/` as one file, and evaluated
as `nix-instantiate --eval --strict FILE` by both evaluators. Both see the
same path, so positions and file names in messages need no rewriting.
Compared, in order: a crash or time-out of atom-eval, exit status, stdout,
the innermost error message (from the last `error: ` to the end of stderr)
and the whole of stderr (traces). A mismatch is shrunk (subtrees replaced by
their children or by small literals) to a smallest expression that keeps
the same class: its kind and both sides' messages with numbers and quoted
names blanked. The summary groups mismatches by class, marks the classes
that issue 13 already lists as known, and prints each class's smallest case.

The oracle is slow to start (~30 ms) but fast per file, so cases go through
one `nix-instantiate` with many files; it stops at the first failing file,
whose stderr is then that file's, and the run resumes after it. A case that
may print to stderr while succeeding (trace, warn) runs alone.
"""
import argparse, collections, concurrent.futures, json, os, random, re, shutil, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
WORK = os.environ.get("DIFFTEST_WORK") or os.path.join(HERE, ".cache", "difftest")


def find_oracle():
    for c in (os.environ.get("NIX_ORACLE"), shutil.which("nix-oracle"),
              os.path.join(os.path.dirname(REPO), "shared", "tools", "nix-oracle")):
        if c and os.path.exists(c):
            return c
    sys.exit("difftest: nix-oracle not found (set NIX_ORACLE)")


# ---------------------------------------------------------------- expression trees

class Node:
    """An expression: `parts` are literal text and child nodes. A child that is
    not atomic is parenthesised when rendered, so any child can stand in for
    its parent."""
    __slots__ = ("parts", "atomic")

    def __init__(self, parts, atomic=False):
        self.parts = parts
        self.atomic = atomic

    def children(self):
        return [p for p in self.parts if isinstance(p, Node)]

    def render(self):
        out = []
        for p in self.parts:
            if isinstance(p, Node):
                s = p.render()
                out.append(s if p.atomic else "(" + s + ")")
            else:
                out.append(p)
        return "".join(out)

    def size(self):
        return 1 + sum(c.size() for c in self.children())


def lit(text):
    return Node([text], atomic=True)


def N(*parts):
    return Node(list(parts))


TYPES = ["int", "float", "bool", "str", "list", "set", "fn", "null"]
NAMES = ["a", "b", "c", "x", "y", "z", "foo"]
ODD_NAMES = ['"a b"', '"1x"', '"with"', '""', '"é"', '"a.b"']
INTS = ["0", "1", "2", "3", "-1", "5", "10", "42", "100", "1000000", "9223372036854775807", "4611686018427387904"]
FLOATS = ["0.0", "1.5", "0.1", "2.0", "1.0e5", "3.14", "1e-3", "1e20", "100.0", "123456.789", "0.5", "1.0e-7", ".5"]
STRINGS = ['""', '"a"', '"abc"', '"hello world"', '"a\\nb"', '"tab\\there"', '"q\\"uote"',
           '"\\${x}"', '"$$"', '"a$b"', '"dollar$"', '"back\\\\slash"', '"é"', '"1.2.3"', '"foo-1.0"',
           "''ind\n  ented''", "''a''${x}b''", "''  x\n  y\n''", "''\\n''", '"\\r"', '"a,b,c"', '"ABC"']


class Gen:
    """A seeded generator of well-typed-most-of-the-time expressions."""

    def __init__(self, rng):
        self.r = rng

    def pick(self, xs):
        return self.r.choice(xs)

    def chance(self, p):
        return self.r.random() < p

    def var(self, env, t):
        vs = [n for n, vt in env if vt == t or t == "any"]
        return self.pick(vs) if vs else None

    def gen(self, t, d, env):
        r = self.r
        if t == "any":
            t = self.pick(TYPES + ["int", "str", "list", "set"])
        # now and then something of the wrong type, or a failure
        if self.chance(0.04):
            t = self.pick(TYPES)
        if self.chance(0.02):
            return N("throw ", self.gen_str_leaf())
        v = self.var(env, t)
        if v and self.chance(0.3):
            return lit(v)
        if d <= 0 or self.chance(0.25):
            return self.leaf(t, env)
        if self.chance(0.12):
            return self.generic(t, d, env)
        return getattr(self, "g_" + t)(d - 1, env)

    def gen_str_leaf(self):
        return lit(self.pick(STRINGS))

    def leaf(self, t, env):
        if t == "int":
            return lit(self.pick(INTS))
        if t == "float":
            return lit(self.pick(FLOATS))
        if t == "bool":
            return lit(self.pick(["true", "false"]))
        if t == "str":
            return self.gen_str_leaf()
        if t == "null":
            return lit("null")
        if t == "list":
            return lit(self.pick(["[ ]", "[ 1 2 3 ]", '[ "a" "b" ]', "[ 3 1 2 ]", "[ null true 1.5 ]"]))
        if t == "set":
            return lit(self.pick(["{ }", "{ a = 1; }", '{ a = 1; b = "x"; }', "{ x = { y = 2; }; }",
                                  '{ "a b" = 1; c = [ ]; }']))
        if t == "fn":
            return lit(self.pick(["(x: x)", "(x: 1)", "({ a, ... }: a)", "(builtins.add 1)", "builtins.typeOf",
                                  "(x: y: x)", "builtins.isInt", "builtins.toString"]))
        return lit("null")

    def generic(self, t, d, env):
        """Forms of any type."""
        k = self.r.randrange(9)
        g = lambda tt, dd=d - 1, e=env: self.gen(tt, dd, e)
        if k == 0:
            return N("if ", g("bool"), " then ", g(t), " else ", g(t))
        if k == 1:
            return self.let(t, d, env)
        if k == 2:
            return N("assert ", g("bool"), "; ", g(t))
        if k == 3:
            s = self.set_literal(d - 1, env, names=["a", "b", "x"])
            return N("with ", s, "; ", g(t, d - 1, env + [("a", "any"), ("x", "any")]))
        if k == 4:
            return N("builtins.seq ", g("any"), " ", g(t))
        if k == 5:
            return N("builtins.deepSeq ", g("any"), " ", g(t))
        if k == 6:
            name = self.pick(NAMES)
            return N("(", name, ": ", g(t, d - 1, env + [(name, "int")]), ") ", g("int"))
        if k == 7:
            s = self.set_literal(d - 1, env, names=["a", "b"])
            return N(s, "." + self.pick(["a", "b", "c"]), " or ", g(t))
        return N("(builtins.tryEval ", g(t), ").value")

    def let(self, t, d, env):
        n = self.r.randint(1, 3)
        names = self.r.sample(NAMES, n)
        binds = []
        new_env = env[:]
        for name in names:
            bt = self.pick(TYPES)
            new_env.append((name, bt))
        parts = ["let "]
        for name, bt in new_env[len(env):]:
            parts += [name, " = ", self.gen(bt, d - 1, new_env if self.chance(0.2) else env), "; "]
        if self.chance(0.15):
            parts += ["inherit (", self.set_literal(d - 1, env, names=["p", "q"]), ") p; "]
            new_env.append(("p", "any"))
        parts += ["in ", self.gen(t, d - 1, new_env)]
        return N(*parts)

    def attr_name(self, d, env, names):
        k = self.r.random()
        if k < 0.75:
            return lit(self.pick(names))
        if k < 0.88:
            return lit(self.pick(ODD_NAMES))
        return Node(['"${', self.gen("str", d - 1, env), '}"'], atomic=True)

    def set_literal(self, d, env, names=NAMES):
        isrec = self.chance(0.2)
        parts = ["rec { " if isrec else "{ "]
        n = self.r.randint(0, 4)
        inner = env + ([(x, "any") for x in names] if isrec else [])
        for _ in range(n):
            k = self.r.random()
            if k < 0.1 and env:
                parts += ["inherit ", self.pick([x for x, _ in env]), "; "]
            elif k < 0.18:
                parts += ["inherit (", self.leaf("set", env), ") a; "]
            elif k < 0.26:
                parts += [self.attr_name(d, env, names), ".", lit(self.pick(names)), " = ",
                          self.gen("any", d - 1, inner), "; "]
            elif k < 0.3:
                parts += ["${", self.gen("str", d - 1, env), "} = ", self.gen("any", d - 1, inner), "; "]
            else:
                parts += [self.attr_name(d, env, names), " = ", self.gen("any", d - 1, inner), "; "]
        parts.append("}")
        return Node(parts, atomic=True)

    def list_literal(self, d, env, t="any"):
        n = self.r.randint(0, 4)
        parts = ["["]
        for _ in range(n):
            parts += [" ", self.gen(t, d - 1, env)]
        parts.append(" ]")
        return Node(parts, atomic=True)

    def fn(self, d, env, body_t="any"):
        k = self.r.randrange(4)
        if k == 0:
            x = self.pick(NAMES)
            return N(x, ": ", self.gen(body_t, d - 1, env + [(x, "any")]))
        fs = self.r.sample(["a", "b", "c"], self.r.randint(0, 3))
        items = []
        for f in fs:
            if self.chance(0.4):
                items += [f, " ? ", self.gen("any", d - 1, env)]
            else:
                items.append(f)
            items.append(", ")
        ell = self.chance(0.4)
        parts = ["{ "] + items[:-1] if items else ["{ "]
        if ell:
            parts += [", ..." if items else "..."]
        parts.append(" }")
        fenv = env + [(f, "any") for f in fs]
        if k == 3:
            parts += ["@args"]
            fenv = fenv + [("args", "set")]
        parts += [": ", self.gen(body_t, d - 1, fenv)]
        return N(*parts)

    # one method per type: forms producing a value of that type

    def g_int(self, d, env):
        g = lambda t: self.gen(t, d, env)
        return self.pick([
            lambda: N(g("int"), self.pick([" + ", " - ", " * ", " / "]), g("int")),
            lambda: N("-", g("int")),
            lambda: N("builtins.length ", g("list")),
            lambda: N("builtins.stringLength ", g("str")),
            lambda: N("builtins." + self.pick(["add", "sub", "mul", "div", "bitAnd", "bitOr", "bitXor"]), " ",
                      g("int"), " ", g("int")),
            lambda: N("builtins." + self.pick(["ceil", "floor"]), " ", g("float")),
            lambda: N("builtins.head ", g("list")),
            lambda: N("builtins.elemAt ", g("list"), " ", g("int")),
            lambda: N("builtins.foldl' ", lit("(x: y: x + y)"), " ", g("int"), " ", self.list_literal(d, env, "int")),
            lambda: N("builtins.compareVersions ", g("str"), " ", g("str")),
            lambda: N(self.fn(d, env, "int"), " ", g("any")),
            lambda: N(self.set_literal(d, env), ".", self.pick(NAMES)),
            lambda: N("builtins.length (builtins.attrNames ", g("set"), ")"),
            lambda: N("builtins.fromJSON ", lit(self.pick(['"1"', '"-5"', '"1e2"', '"[1,2]"', '"{\\"a\\":1}"']))),
            lambda: N("builtins.toInt ", g("str")) if False else N("builtins.stringLength (builtins.toString ", g("any"), ")"),
        ])()

    def g_float(self, d, env):
        g = lambda t: self.gen(t, d, env)
        return self.pick([
            lambda: N(g("float"), self.pick([" + ", " - ", " * ", " / "]), g(self.pick(["float", "int"]))),
            lambda: N(g("int"), self.pick([" + ", " * ", " / "]), g("float")),
            lambda: N("builtins.div ", g("float"), " ", g("int")),
            lambda: N("-", g("float")),
            lambda: N("builtins.fromJSON ", lit(self.pick(['"1.5"', '"1e400"', '"-0.0"', '"0.1"']))),
        ])()

    def g_bool(self, d, env):
        g = lambda t: self.gen(t, d, env)
        any_t = lambda: self.pick(["int", "float", "str", "list", "set", "null", "bool"])
        return self.pick([
            lambda: N(g("int"), self.pick([" < ", " <= ", " > ", " >= ", " == ", " != "]), g("int")),
            lambda: (lambda t: N(g(t), self.pick([" == ", " != ", " < "]), g(t)))(any_t()),
            lambda: N(g("bool"), self.pick([" && ", " || ", " -> "]), g("bool")),
            lambda: N("!", g("bool")),
            lambda: N(g("set"), " ? ", lit(self.pick(NAMES + ODD_NAMES[:2]))),
            lambda: N(g("set"), " ? a.b"),
            lambda: N("builtins." + self.pick(["isInt", "isFloat", "isString", "isList", "isAttrs", "isBool",
                                               "isFunction", "isNull", "isPath"]), " ", g("any")),
            lambda: N("builtins.elem ", g("any"), " ", g("list")),
            lambda: N("builtins." + self.pick(["any", "all"]), " ", self.fn(d, env, "bool"), " ", g("list")),
            lambda: N("builtins.hasAttr ", g("str"), " ", g("set")),
            lambda: N("builtins.lessThan ", g("any"), " ", g("any")),
            lambda: N("(builtins.tryEval ", g("any"), ").success"),
        ])()

    def g_str(self, d, env):
        g = lambda t: self.gen(t, d, env)
        return self.pick([
            lambda: N(g("str"), " + ", g("str")),
            lambda: N('"pre${', g("str"), '}post"'),
            lambda: N("''x${", g("any"), "}y''"),
            lambda: N("builtins.toString ", g("any")),
            lambda: N("builtins.concatStringsSep ", g("str"), " ", g("list")),
            lambda: N("builtins.substring ", g("int"), " ", g("int"), " ", g("str")),
            lambda: N("builtins.replaceStrings ", g("list"), " ", g("list"), " ", g("str")),
            lambda: N("builtins.toJSON ", g("any")),
            lambda: N("builtins.typeOf ", g("any")),
            lambda: N("builtins.hashString ", lit(self.pick(['"sha256"', '"md5"', '"sha1"', '"sha512"', '"foo"'])), " ", g("str")),
            lambda: N("builtins." + self.pick(["baseNameOf", "dirOf"]), " ", g("str")),
            lambda: N("builtins.unsafeDiscardStringContext ", g("str")),
            lambda: N("builtins.toXML ", g("any")),
            lambda: N("builtins.concatStrings ", g("list")) if False else N("builtins.head (builtins.match ", lit('"(.*)"'), " ", g("str"), ")"),
            lambda: N("builtins.elemAt (builtins.split ", lit(self.pick(['"(,)"', '","', '"a"', '"(b)|(c)"'])), " ", g("str"), ") 0"),
            lambda: N("(builtins.parseDrvName ", g("str"), ").name"),
            lambda: N("builtins.unsafeDiscardOutputDependency ", g("str")),
        ])()

    def g_list(self, d, env):
        g = lambda t: self.gen(t, d, env)
        return self.pick([
            lambda: self.list_literal(d, env),
            lambda: self.list_literal(d, env),
            lambda: N(g("list"), " ++ ", g("list")),
            lambda: N("map ", self.fn(d, env), " ", g("list")),
            lambda: N("builtins.filter ", self.fn(d, env, "bool"), " ", g("list")),
            lambda: N("builtins.genList ", self.fn(d, env), " ", lit(self.pick(["0", "1", "3", "-1"]))),
            lambda: N("builtins.sort ", self.pick([lit("builtins.lessThan"), lit("(a: b: a < b)"), lit("(a: b: b < a)"), self.fn(d, env, "bool")]), " ", g("list")),
            lambda: N("builtins.attrNames ", g("set")),
            lambda: N("builtins.attrValues ", g("set")),
            lambda: N("builtins.split ", lit(self.pick(['"(,)"', '","', '"a"', '"(b)|(c)"', '"[a-"'])), " ", g("str")),
            lambda: N("builtins.match ", lit(self.pick(['"a(.*)"', '"(.*)"', '"[0-9]+"', '"(a)|(b)"', '"("'])), " ", g("str")),
            lambda: N("builtins.concatLists ", g("list")),
            lambda: N("builtins.tail ", g("list")),
            lambda: N("builtins.catAttrs ", lit('"a"'), " ", g("list")),
            lambda: N("builtins.concatMap ", self.fn(d, env, "list"), " ", g("list")),
            lambda: N("builtins.splitVersion ", g("str")),
            lambda: N("builtins.fromJSON ", lit(self.pick(['"[1,2,3]"', '"[\\"a\\", null, true, 1.5]"', '"[[]]"']))),
        ])()

    def g_set(self, d, env):
        g = lambda t: self.gen(t, d, env)
        return self.pick([
            lambda: self.set_literal(d, env),
            lambda: self.set_literal(d, env),
            lambda: N(g("set"), " // ", g("set")),
            lambda: N("builtins.removeAttrs ", g("set"), " ", g("list")),
            lambda: N("builtins.intersectAttrs ", g("set"), " ", g("set")),
            lambda: N("builtins.mapAttrs ", lit(self.pick(["(n: v: n)", "(n: v: v)", "(n: v: [ n v ])"])), " ", g("set")),
            lambda: N("builtins.listToAttrs ", N("[ { name = ", g("str"), "; value = ", g("any"), "; } ", g("any"), " ]")),
            lambda: N("builtins.listToAttrs ", g("list")),
            lambda: N("builtins.tryEval ", g("any")),
            lambda: N("builtins.partition ", self.fn(d, env, "bool"), " ", g("list")),
            lambda: N("builtins.groupBy ", lit(self.pick(["builtins.typeOf", "builtins.toString", "(x: x)"])), " ", g("list")),
            lambda: N("builtins.zipAttrsWith ", lit("(n: vs: vs)"), " ", g("list")),
            lambda: N("builtins.functionArgs ", self.fn(d, env)),
            lambda: N("builtins.parseDrvName ", g("str")),
            lambda: N("builtins.fromJSON ", lit(self.pick(['"{\\"a\\":1,\\"b\\":[null]}"', '"{}"', '"{\\"a\\":1,\\"a\\":2}"']))),
            lambda: N("builtins.fromTOML ", lit(self.pick(['"a = 1"', "''\n[x]\ny = \"z\"\n''", '"a = [1, 2]"', '"a ="']))),
            lambda: N("builtins.getAttr ", g("str"), " ", g("set")),
        ])()

    def g_fn(self, d, env):
        return self.fn(d, env)

    def g_null(self, d, env):
        return self.pick([
            lambda: lit("null"),
            lambda: N("builtins.head [ null ", self.gen("any", d, env), " ]"),
            lambda: N("builtins.fromJSON ", lit('"null"')),
        ])()

    def top(self):
        e = self.gen("any", self.r.randint(2, 5), [])
        k = self.r.random()
        if k < 0.1:
            return N("builtins.tryEval ", e)
        if k < 0.15:
            return N("builtins.trace ", self.gen("any", 2, []), " ", e)
        return e


def case_tree(seed, i):
    return Gen(random.Random(f"{seed}/{i}")).top()


# ---------------------------------------------------------------- running

Result = collections.namedtuple("Result", "status out err")
TIMEOUT = Result(-999, "", "timeout")


def writes_stderr(text):
    return "trace" in text or "warn" in text


def run_atom(exe, path, timeout=10):
    try:
        p = subprocess.run([exe, "eval", "--strict", path], capture_output=True, timeout=timeout,
                           env=dict(os.environ, NO_COLOR="1"), cwd=WORK)
    except subprocess.TimeoutExpired:
        return TIMEOUT
    return Result(p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"))


def run_atom_all(exe, paths, jobs):
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(lambda p: run_atom(exe, p), paths))


def run_oracle(oracle, paths, timeout=120):
    """Evaluates many files through as few nix-instantiate processes as the
    failures allow (see the module doc)."""
    env = dict(os.environ, ORACLE_SHARE=os.environ.get("ORACLE_SHARE", REPO))
    results = [None] * len(paths)
    alone = [i for i, p in enumerate(paths) if writes_stderr(open(p).read())]
    batch = [i for i in range(len(paths)) if i not in set(alone)]

    def one(idxs):
        args = [oracle, "run", "nix-instantiate", "--eval", "--strict"] + [paths[i] for i in idxs]
        try:
            p = subprocess.run(args, capture_output=True, timeout=timeout, env=env, cwd=WORK)
        except subprocess.TimeoutExpired:
            return None
        return p

    for i in alone:
        p = one([i])
        results[i] = TIMEOUT if p is None else Result(p.returncode, p.stdout.decode(errors="replace"),
                                                       p.stderr.decode(errors="replace"))
    pos = 0
    while pos < len(batch):
        idxs = batch[pos:]
        p = one(idxs)
        if p is None:  # run one at a time instead
            for i in idxs:
                q = one([i])
                results[i] = TIMEOUT if q is None else Result(q.returncode, q.stdout.decode(errors="replace"),
                                                               q.stderr.decode(errors="replace"))
            break
        out = p.stdout.decode(errors="replace")
        lines = out.split("\n")
        done, partial = lines[:-1], lines[-1]
        for k, line in enumerate(done[:len(idxs)]):
            results[idxs[k]] = Result(0, line + "\n", "")
        if p.returncode == 0:
            break
        failed = len(done)
        if failed >= len(idxs):
            break
        results[idxs[failed]] = Result(p.returncode, partial, p.stderr.decode(errors="replace"))
        pos += failed + 1
    return results


# ---------------------------------------------------------------- comparing

KNOWN = [  # classes issue 13 lists, being fixed elsewhere: (label, regex on the class key)
    ("known: __overrides", r"__overrides"),
    ("known: tryEval of a failed assert", r"assertion .* failed"),
    ("known: quoting attribute names in messages", r"attribute '\"|argument '\"|named '\""),
    ("known: syntax error wording", r"syntax error"),
    ("known: builtins' type-error wording / forcing order", r"expected a |^message: .*(cannot coerce|was expected)"),
    ("known: sort with a non-Boolean comparator", r"sort|a Boolean"),
    ("known: toJSON of invalid UTF-8", r"UTF-8"),
    ("known: «repeated» for builtin-produced lists", r"repeated"),
    ("known: set == forcing order", r"=="),
]


def message(err):
    """C++ Nix's innermost message as plain lines: from the last `error:`
    to the end, continuation lines indented by 7 spaces. Its `at
    FILE:LINE:COL:` line and source snippet are left out; hints printed
    after the snippet ("Did you mean ...") are kept."""
    m = list(re.finditer(r"(^|\n) *error:( |$)", err, re.M))
    if not m:
        return err.strip()
    lines = err[m[-1].end():].rstrip().split("\n")
    out = [lines[0]]
    in_snippet = False
    for l in lines[1:]:
        l = l[7:] if l.startswith("       ") else l.lstrip()
        if re.match(r"at .*:\d+:\d+:$", l):
            in_snippet = True
            continue
        if in_snippet and re.match(r"\s*\d*\|", l):
            continue
        in_snippet = False
        out.append(l)
    return "\n".join(out).rstrip()


def message_ours(err):
    """atom-eval's message: from the first `error: ` up to the source
    snippet or the trace."""
    m = re.search(r"(^|\n)error:( |$)", err, re.M)
    if not m:
        return err.strip()
    lines = err[m.end():].rstrip().split("\n")
    out = [lines[0]]
    for l in lines[1:]:
        if re.match(r"\s+╭─\[", l) or l.startswith("  … "):
            break
        out.append(l)
    return "\n".join(out).rstrip()


def position(err, ours):
    """Where the innermost error points, FILE:LINE:COL, if it says."""
    if ours:
        m = re.search(r"╭─\[(.*?:\d+:\d+)\]", err)
    else:
        i = err.rfind("error: ")
        m = re.search(r"\n\s+at (.*?:\d+:\d+):", err[i:]) if i >= 0 else None
    return m.group(1) if m else None


def blank(text):
    text = re.sub(r"\.cache/difftest/[^:\s]*\.nix", "FILE", text)
    text = re.sub(r"«[^»]*»", "«…»", text)
    text = re.sub(r"'[^'\n]*'", "'…'", text)
    text = re.sub(r'"[^"\n]*"', '"…"', text)
    text = re.sub(r"-?\d+(\.\d+)?(e[-+]?\d+)?", "N", text)
    return text.splitlines()[0] if text else ""


def classify(ours, theirs):
    """None when they agree, else (kind, key): the kind of difference and a
    key that names its class."""
    if ours.status == TIMEOUT.status or ours.status < 0 or ours.status >= 101 and ours.status != theirs.status:
        return ("crash", f"crash: status {ours.status}: {blank(message_ours(ours.err))}")
    if (ours.status == 0) != (theirs.status == 0):
        if ours.status == 0:
            return ("status", f"status: we succeed, C++ Nix fails with: {blank(message(theirs.err))}")
        return ("status", f"status: we fail with: {blank(message_ours(ours.err))} | C++ Nix succeeds")
    if ours.status == 0:
        if ours.out != theirs.out:
            return ("value", "value: printed values differ")
        if ours.err != theirs.err:
            return ("trace", f"stderr on success: {blank(theirs.err)} | ours: {blank(ours.err)}")
        return None
    mo, mt = message_ours(ours.err), message(theirs.err)
    if mo != mt:
        return ("message", f"message: {blank(mt)} | ours: {blank(mo)}")
    po, pt = position(ours.err, True), position(theirs.err, False)
    if po and pt and po != pt:
        return ("position", f"position: {blank(mt)}")
    return None


# ---------------------------------------------------------------- shrinking

SMALL = [lit("0"), lit("null"), lit('""'), lit("[ ]"), lit("{ }"), lit("true")]


def replacements(node):
    """Trees one step smaller than `node`, smallest first."""
    out = []
    kids = node.children()
    for c in kids:
        out.append(c)
    for s in SMALL:
        if node.render() != s.render():
            out.append(s)
    # drop one child that sits in a list or set literal
    for idx, p in enumerate(node.parts):
        if isinstance(p, Node) and node.atomic and node.parts[0] in ("[", "{ ", "rec { "):
            parts = node.parts[:]
            if parts[0] == "[":
                parts[idx - 1:idx + 1] = []
            else:  # NAME = VALUE; runs: find the binding around it
                start = idx
                while start > 1 and not (isinstance(parts[start - 1], str) and parts[start - 1].endswith("; ")):
                    start -= 1
                end = idx + 1
                while end < len(parts) and parts[end] != "; ":
                    end += 1
                parts[start:end + 1] = []
            out.append(Node(parts, atomic=True))
    return out


def variants(tree):
    """Every tree with one subtree replaced."""
    res = []

    def walk(node, rebuild):
        for r in replacements(node):
            res.append(rebuild(r))
        for idx, p in enumerate(node.parts):
            if isinstance(p, Node):
                def rb(new, node=node, idx=idx, rebuild=rebuild):
                    parts = node.parts[:]
                    parts[idx] = new
                    return rebuild(Node(parts, node.atomic))
                walk(p, rb)

    walk(tree, lambda n: n)
    seen, out = set(), []
    for t in sorted(res, key=lambda t: len(t.render())):
        s = t.render()
        if s not in seen and len(s) < len(tree.render()):
            seen.add(s)
            out.append(t)
    return out


def write_case(name, text):
    path = os.path.join(WORK, name + ".nix")
    with open(path, "w") as f:
        f.write(text + "\n")
    return path


def shrink(tree, key, exe, oracle, budget=40):
    """Greedy: take the smallest variant whose difference has the same class."""
    for _ in range(budget):
        cands = variants(tree)
        if not cands:
            break
        paths = [write_case(f"shrink-{j}", t.render()) for j, t in enumerate(cands)]
        ours = run_atom_all(exe, paths, 2)
        # a candidate keeps the class only if our side keeps its half of the key
        keep = [j for j in range(len(cands)) if could_keep(ours[j], key)]
        found = None
        for start in range(0, len(keep), 60):
            chunk = keep[start:start + 60]
            theirs = run_oracle(oracle, [paths[j] for j in chunk])
            for j, t in zip(chunk, theirs):
                c = classify(ours[j], t)
                if c and c[1] == key:
                    found = cands[j]
                    break
            if found:
                break
        if not found:
            break
        tree = found
    return tree


def could_keep(ours, key):
    if key.startswith("crash"):
        return ours.status < 0 or ours.status >= 101 or ours.status == TIMEOUT.status
    if key.startswith("status: we succeed") or key.startswith("value") or key.startswith("stderr on success"):
        return ours.status == 0
    if key.startswith("status: we fail") or key.startswith("message") or key.startswith("position"):
        if ours.status == 0:
            return False
        if "| ours: " in key and key.startswith("message"):
            return key.endswith("| ours: " + blank(message_ours(ours.err)))
        if key.startswith("status: we fail"):
            return key.startswith(f"status: we fail with: {blank(message_ours(ours.err))} |")
        return True
    return True


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", default="1")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--case", type=int, help="print (with --show) or run only case N")
    ap.add_argument("--show", action="store_true", help="print the generated expressions, run nothing")
    ap.add_argument("--atom-eval", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=500, help="cases per oracle batch")
    ap.add_argument("--shrink-per-class", type=int, default=1)
    ap.add_argument("--json", help="write every mismatch (class, expression, both results) here")
    args = ap.parse_args()

    ids = [args.case] if args.case is not None else list(range(args.start, args.start + args.count))
    if args.show:
        for i in ids:
            print(f"# case {i}\n{case_tree(args.seed, i).render()}")
        return
    exe = args.atom_eval or os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")),
                                         "release", "atom-eval")
    if not os.path.exists(exe):
        sys.exit(f"difftest: {exe} not found (cargo build --release -p atom-eval, or --atom-eval PATH)")
    oracle = find_oracle()
    os.makedirs(WORK, exist_ok=True)

    t0 = time.time()
    mismatches = []  # (case, kind, key, text, ours, theirs)
    for c0 in range(0, len(ids), args.chunk):
        chunk = ids[c0:c0 + args.chunk]
        texts = [case_tree(args.seed, i).render() for i in chunk]
        paths = [write_case(f"case-{j}", t) for j, t in enumerate(texts)]
        ours = run_atom_all(exe, paths, args.jobs)
        theirs = run_oracle(oracle, paths)
        for i, text, o, t in zip(chunk, texts, ours, theirs):
            c = classify(o, t)
            if c:
                mismatches.append((i, c[0], c[1], text, o, t))
        print(f"difftest: {c0 + len(chunk)}/{len(ids)} cases, {len(mismatches)} mismatches, "
              f"{time.time() - t0:.0f}s", file=sys.stderr)

    if args.json:  # the raw mismatches first, in case shrinking is cut short
        with open(args.json + ".raw", "w") as f:
            json.dump([{"case": m[0], "class": m[2], "text": m[3]} for m in mismatches], f, indent=1)
    classes = collections.OrderedDict()
    for m in mismatches:
        classes.setdefault(m[2], []).append(m)
    print(f"\n{len(ids)} cases (seed {args.seed}), {len(mismatches)} mismatches in {len(classes)} classes, "
          f"{time.time() - t0:.0f}s\n")
    report = []
    for key, ms in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        label = next((lab for lab, rx in KNOWN if re.search(rx, key)), "new")
        if label == "new" and key.startswith("message: "):
            theirs_text, _, ours_text = key[len("message: "):].partition(" | ours: ")
            if theirs_text.split(":")[0] != ours_text.split(":")[0]:
                label = "new? two different errors: likely which argument is forced first (known)"
        smallest = min(ms, key=lambda m: len(m[3]))
        tree = case_tree(args.seed, smallest[0])
        shrunk = shrink(tree, key, exe, oracle) if args.shrink_per_class else tree
        text = shrunk.render()
        p = write_case("final", text)
        o, t = run_atom(exe, p), run_oracle(oracle, [p])[0]
        print(f"[{len(ms)}] {key}\n    ({label}; e.g. case {smallest[0]})\n    {text}")
        if t.status == 0:
            print(f"    C++ Nix: {t.out.strip()}")
        else:
            print(f"    C++ Nix: {(message(t.err).splitlines() or [''])[0]}")
        print(f"    ours:    {o.out.strip() if o.status == 0 else (message_ours(o.err).splitlines() or [''])[0]}")
        report.append({"class": key, "label": label, "count": len(ms), "cases": [m[0] for m in ms],
                       "shrunk": text, "oracle": t._asdict(), "ours": o._asdict()})
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"seed": args.seed, "count": len(ids), "mismatches": len(mismatches), "classes": report},
                      f, indent=1)
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
