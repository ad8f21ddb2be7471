#!/usr/bin/env python3
"""Benchmark atom-eval against C++ Nix (the nix-oracle).

For every benchmark this runs both evaluators once to check the output
(atom-eval's must equal the expected output, which always comes from C++
Nix), then N more times each to time them, and prints a table of median wall
time and median peak RSS.

Benchmarks:
  programs   bench/programs/X.nix with expected output X.exp;
  atoms      a generated atom (bench/gen-atom.py) evaluated two ways:
               atom-deep      one deep member, atom.m0.m1...value
               atom-whole     the whole atom, strictly (a deepSeq that also
                              prints it)
             atom-eval evaluates the atom natively
             (`atom-eval eval --strict ATOM [-A path]`); C++ Nix runs a
             pure-Nix scopedImport composer. The `*-scoped` variants run
             that same composer file on atom-eval too.

Measurement:
  time  wall clock around the whole process, from outside. For C++ Nix this
        includes the oracle's chroot wrapper; its cost (`nix-oracle run
        true`) is measured once and reported, never subtracted.
  RSS   peak resident set size of the evaluator process, from GNU time's
        %M around it (a Python-forked child's wait4() would count Python's
        pages from before the exec). For C++ Nix, GNU time
        runs *inside* the chroot around nix-instantiate (a copy of the host's
        /usr/bin/time placed under bench/.cache/, since the chroot has none),
        so the wrapper processes are not counted. If that is not possible,
        wait4() on the wrapper is used instead; Linux reports the largest
        peak among all waited-for descendants, i.e. nix-instantiate's.

Usage: bench/run.py [-n N] [--only NAMES] [--large] [--build]
                    [--atom-eval PATH] [--no-nix] [--markdown] [--json FILE]
       bench/run.py --inspect [-n N] [--large]   (ls and check vs eval)
Exit status: 1 if atom-eval failed or mismatched on any benchmark, else 0
(also 0 when atom-eval is not built: only C++ Nix is measured then).
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
CACHE = os.path.join(BENCH, ".cache")
PROGRAM_ORDER = ["fib", "foldl", "attrs", "replace", "overlay", "modules", "nixos"]
# Deepest module path in each generated atom preset (see gen-atom.py).
ATOM_PRESETS = {
    "default": "m0.m1.m2.m3.value",
    "large": "m0.m1.m2.m3.m4.value",
}


def rel(path):
    """Path relative to the repo root, for display and for command lines."""
    return os.path.relpath(path, REPO)


# ---------------------------------------------------------------- running


class Result:
    """Outcome of one process run."""

    def __init__(self, rc, out, err, seconds, peak_kib, timed_out=False, cpu=None):
        self.rc = rc
        self.cpu = cpu  # user + system seconds of the process and its children
        self.out = out
        self.err = err
        self.seconds = seconds
        self.peak_kib = peak_kib
        self.timed_out = timed_out

    @property
    def ok(self):
        return self.rc == 0 and not self.timed_out


def run(cmd, timeout, rss_file=None):
    """Run `cmd` from the repo root; measure wall time and peak RSS.

    The process gets its own session so that a timeout can kill the whole
    process group it started (the oracle runs a chain of wrappers). Peak RSS
    is read from `rss_file` (written by GNU time -o) when given, else from
    wait4()'s rusage.
    """
    if rss_file and os.path.exists(rss_file):
        os.unlink(rss_file)
    out_f = open(os.path.join(CACHE, "stdout"), "w+b")
    err_f = open(os.path.join(CACHE, "stderr"), "w+b")
    timed_out = threading.Event()
    start = time.perf_counter()
    try:
        p = subprocess.Popen(
            cmd, cwd=REPO, stdout=out_f, stderr=err_f, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as e:
        return Result(127, "", f"cannot run {cmd[0]}: {e}", 0.0, None)

    def kill():
        timed_out.set()
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(p.pid, 0)
    finally:
        timer.cancel()
    seconds = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss  # KiB on Linux
    if rss_file:
        peak = read_time_file(rss_file)
    out_f.seek(0)
    err_f.seek(0)
    out = out_f.read().decode("utf-8", "replace")
    err = err_f.read().decode("utf-8", "replace")
    out_f.close()
    err_f.close()
    cpu = usage.ru_utime + usage.ru_stime
    return Result(p.returncode, out, err, seconds, peak, timed_out.is_set(), cpu)


def read_time_file(path):
    """Peak KiB from a GNU time -f %M -o FILE output (last line), or None."""
    try:
        with open(path) as f:
            lines = [line.strip() for line in f if line.strip()]
        return int(lines[-1])
    except (OSError, ValueError, IndexError):
        return None


class Oracle:
    """C++ Nix through nix-oracle, optionally with GNU time inside the chroot."""

    def __init__(self, path, timeout):
        self.path = path
        self.timeout = timeout
        self.time_bin = None  # path (visible inside the chroot) of GNU time
        self.rss_file = os.path.join(CACHE, "oracle-rss")

    @staticmethod
    def locate():
        cands = [
            os.environ.get("NIX_ORACLE"),
            shutil.which("nix-oracle"),
            os.path.join(os.path.dirname(REPO), "shared", "tools", "nix-oracle"),
            "/work/shared/tools/nix-oracle",
        ]
        for c in cands:
            if c and os.access(c, os.X_OK):
                return c
        return None

    def setup_inner_time(self):
        """Place GNU time where the chroot sees it and check that it works."""
        host_time = shutil.which("time", path="/usr/bin:/bin") or "/usr/bin/time"
        if not os.access(host_time, os.X_OK):
            return "no /usr/bin/time on the host (apt-get install time)"
        dst = os.path.join(CACHE, "time")
        shutil.copy2(host_time, dst)
        r = run([self.path, "run", dst, "-f", "%M", "-o", self.rss_file, "true"],
                self.timeout, self.rss_file)
        if r.ok and r.peak_kib:
            self.time_bin = dst
            return None
        return f"GNU time does not run inside the chroot: {r.err.strip()[:200]}"

    def cmd(self, args):
        """nix-instantiate ARGS inside the chroot (under GNU time if set up)."""
        inner = ["nix-instantiate"] + args
        if self.time_bin:
            inner = [self.time_bin, "-f", "%M", "-o", self.rss_file] + inner
        return [self.path, "run"] + inner

    def run(self, args):
        return run(self.cmd(args), self.timeout, self.rss_file if self.time_bin else None)


# ---------------------------------------------------------------- benchmarks


class Bench:
    """One benchmark: how each evaluator runs it, and the expected output."""

    def __init__(self, name, atom_eval_args, nix_args, exp_file, exp_from_nix=False):
        self.name = name
        self.atom_eval_args = atom_eval_args
        self.nix_args = nix_args
        self.exp_file = exp_file
        # Atom jobs have no committed .exp: the generated atom may be any
        # size, so the expected output is C++ Nix's output on this run.
        self.exp_from_nix = exp_from_nix


def composer(choice):
    """The scopedImport composer for the atom jobs: (file, call, nix args).

    `project` is tests/composer/compose.nix, the project's executable
    reference for the module system: like the reference composer it
    evaluates every module file from a lone store copy, so C++ Nix needs a
    writable store (--read-write-mode) and pays for those store writes.
    `bench` is bench/composer.nix, a minimal composer that evaluates the
    files in place. `auto` picks `project` when that file exists. The call
    template turns the composer's path and the atom directory (both Nix
    path expressions) into an expression for the atom's public view.
    """
    project = os.path.join(REPO, "tests", "composer", "compose.nix")
    if choice == "project" or (choice == "auto" and os.path.exists(project)):
        # std = null: the bench atoms use plain builtins only.
        return project, "(import {composer} {{ }} {dir})", ["--read-write-mode"]
    return os.path.join(BENCH, "composer.nix"), "(import {composer} {dir})", []


def write_atom_jobs(preset, deep_path, path, template):
    """Write the scopedImport job files next to the generated atom.

    Paths are written relative to the job file, so the jobs work wherever
    the repo is checked out.
    """
    pdir = os.path.join(BENCH, "atoms", preset)
    expr = template.format(composer="./" + os.path.relpath(path, pdir), dir="./atom")
    jobs = {
        "deep.nix": f"# One deep member.\n{expr}.{deep_path}\n",
        "whole.nix": f"# The whole atom (printed strictly).\n{expr}\n",
    }
    for name, text in jobs.items():
        with open(os.path.join(pdir, name), "w") as f:
            f.write(text)
    return rel(path)


def nixpkgs_lib():
    """nixpkgs' lib/ from the shared corpus (see its README), or None.

    `$NIXPKGS_LIB` (the directory holding `lib/`) wins; otherwise
    `../shared/corpora/nixpkgs-lib` next to the checkout. The corpus is read
    in place, never copied into the repository.
    """
    cands = [
        os.environ.get("NIXPKGS_LIB"),
        os.path.join(os.path.dirname(REPO), "shared", "corpora", "nixpkgs-lib"),
        "/work/shared/corpora/nixpkgs-lib",
    ]
    for c in cands:
        if c and os.path.isfile(os.path.join(c, "lib", "default.nix")):
            return os.path.abspath(c)
    return None


def needs_lib(path):
    """Whether a program is a function of nixpkgs' lib (`{ lib }:` at the
    start of a line): the harness then passes `--arg lib 'import LIB'`."""
    with open(path) as f:
        return re.search(r"^\{ lib \}:", f.read(), re.M) is not None


def program_benches():
    pdir = os.path.join(BENCH, "programs")
    names = [f[:-4] for f in os.listdir(pdir) if f.endswith(".nix")]
    names.sort(key=lambda n: (PROGRAM_ORDER.index(n) if n in PROGRAM_ORDER else 99, n))
    lib = nixpkgs_lib()
    out = []
    for n in names:
        path = os.path.join(pdir, n + ".nix")
        f = rel(path)
        extra = []
        if needs_lib(path):
            if lib is None:
                print(f"run: {n}: skipped, nixpkgs' lib not found (set NIXPKGS_LIB to the corpus)")
                continue
            extra = ["--arg", "lib", f"import {os.path.join(lib, 'lib')}"]
        args = ["--eval", "--strict"] + extra + [f]
        out.append(Bench(n, ["eval", "--strict"] + extra + [f], args, os.path.join(pdir, n + ".exp")))
    return out


def atom_benches(preset, choice):
    """Generate the atom for `preset` and return its benchmarks."""
    deep = ATOM_PRESETS[preset]
    atom = generate(preset)
    path, template, nix_extra = composer(choice)
    write_atom_jobs(preset, deep, path, template)
    print(f"run: composer for C++ Nix: {rel(path)} {' '.join(nix_extra)}")
    pdir = os.path.join(BENCH, "atoms", preset)
    a, deep_job, whole_job = rel(atom), rel(os.path.join(pdir, "deep.nix")), rel(os.path.join(pdir, "whole.nix"))
    sfx = "" if preset == "default" else "-" + preset
    ev = ["--eval", "--strict"] + nix_extra
    exp = lambda job: os.path.join(CACHE, f"atom{sfx}-{job}.exp")  # noqa: E731
    # atom-eval keeps its store copies in a bench-local store root (the
    # scopedImport composers need a writable store, as C++ Nix's
    # --read-write-mode gives them).
    ae = ["eval", "--strict", "--store-root", os.path.join(CACHE, "store")]
    return [
        Bench(f"atom{sfx}-deep", ae + [a, "-A", deep], ev + [deep_job], exp("deep"), True),
        Bench(f"atom{sfx}-whole", ae + [a], ev + [whole_job], exp("whole"), True),
        Bench(f"atom{sfx}-deep-scoped", ae + [deep_job], ev + [deep_job], exp("deep"), True),
        Bench(f"atom{sfx}-whole-scoped", ae + [whole_job], ev + [whole_job], exp("whole"), True),
    ]


# ---------------------------------------------------------- introspection


def generate(preset):
    """Generate the atom for `preset` (idempotent) and return its path."""
    atom = os.path.join(BENCH, "atoms", preset, "atom")
    gen = subprocess.run(
        [sys.executable, os.path.join(BENCH, "gen-atom.py"), "--preset", preset, "--out", atom],
        capture_output=True, text=True,
    )
    if gen.returncode != 0:
        sys.exit(f"run: gen-atom failed:\n{gen.stderr}")
    return atom


def inspect_table(args, atom_eval):
    """`ls` and `check` against `eval --strict` on the generated atoms.

    Three states of the fact cache (bench/.cache/xdg, never the user's):
    cold (`--no-cache`: every file parsed), unchanged (the cache is full and
    nothing changed: the kept output is reused after a stat of every input),
    and edited (one `mod.nix` is rewritten before each run: it is parsed
    again and the output rebuilt from the other files' cached facts).
    """
    presets = ["default"] + (["large"] if args.large else [])
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(CACHE, "xdg"))
    rows = []
    for preset in presets:
        atom = generate(preset)
        # The generator rewrites every file: wait out the cache's racy
        # window (2 s), within which fresh stamps are not trusted.
        time.sleep(3)
        edited = os.path.join(atom, "M0", "mod.nix")
        original = read(edited)

        def timed(cmd, before=None):
            times = []
            for _ in range(args.n):
                if before:
                    before()
                start = time.perf_counter()
                r = subprocess.run([atom_eval] + cmd, cwd=REPO, env=env, capture_output=True)
                times.append(time.perf_counter() - start)
                if r.returncode != 0:
                    sys.exit(f"run: atom-eval {' '.join(cmd)} failed:\n{r.stderr.decode()}")
            return statistics.median(times)

        flip = [0]

        def edit():
            # Alternate between two texts of the same meaning.
            flip[0] ^= 1
            with open(edited, "w") as f:
                f.write(original + ("\n" if flip[0] else ""))

        try:
            ev = timed(["eval", "--strict", "--store-root", os.path.join(CACHE, "store"), atom])
            row = dict(atom=preset, modules=sum(1 for _ in os.walk(atom)), eval_s=ev)
            for tool in ["ls", "check"]:
                row[f"{tool}_cold"] = timed([tool, "--no-cache", atom])
                subprocess.run([atom_eval, tool, atom], env=env, capture_output=True)
                row[f"{tool}_edited"] = timed([tool, atom], edit)
                # Past the racy window for the edited file, then fill the
                # cache once.
                time.sleep(3)
                subprocess.run([atom_eval, tool, atom], env=env, capture_output=True)
                row[f"{tool}_unchanged"] = timed([tool, atom])
        finally:
            with open(edited, "w") as f:
                f.write(original)
        rows.append(row)
    head = ("| atom | modules | eval --strict | state | ls | ls / eval | check | check / eval |\n"
            "|---|---:|---:|---|---:|---:|---:|---:|")
    lines = [head]
    for r in rows:
        for state in ["cold", "edited", "unchanged"]:
            ls_s, ck_s = r[f"ls_{state}"], r[f"check_{state}"]
            lines.append(f"| {r['atom']} | {r['modules']:,} | {fmt_s(r['eval_s'])} | {state} | "
                         f"{fmt_s(ls_s)} | {ls_s / r['eval_s']:.3f} | {fmt_s(ck_s)} | {ck_s / r['eval_s']:.3f} |")
    print("\n".join(lines))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(n=args.n, inspect=rows), f, indent=2)
    return 0


# ---------------------------------------------------------------- measuring


def measure(runner, n, runs=None):
    """Run `runner()` n times; medians of wall time and peak KiB.

    Each run's (wall, cpu) seconds are appended to `runs` (kept for the
    JSON output: the spread behind the median, and CPU time, which a busy
    machine distorts less than wall time).
    """
    results = [runner() for _ in range(n)]
    bad = [r for r in results if not r.ok]
    if bad:
        return None, None, describe_failure(bad[0])
    if runs is not None:
        runs.extend((round(r.seconds, 4), round(r.cpu, 4)) for r in results)
    secs = statistics.median(r.seconds for r in results)
    peaks = [r.peak_kib for r in results if r.peak_kib is not None]
    return secs, (statistics.median(peaks) if peaks else None), None


def describe_failure(r):
    if r.timed_out:
        return "timeout"
    # The first line mentioning an error is the headline in both C++ Nix's
    # and atom-eval's reports (the last line may be a trace or box drawing).
    lines = [line.strip() for line in r.err.splitlines() if line.strip()]
    headline = next((line for line in lines if "error" in line.lower()), None)
    return f"exit {r.rc}: {(headline or (lines or ['(no stderr)'])[0])[:160]}"


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def save(name, text):
    path = os.path.join(CACHE, name)
    with open(path, "w") as f:
        f.write(text)
    return rel(path)


def fmt_s(x):
    return "-" if x is None else f"{x:.3f}"


def fmt_mib(kib):
    return "-" if kib is None else f"{kib / 1024:.1f}"


def fmt_ratio(a, b):
    return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}x"


def table(rows, markdown):
    head = ["benchmark", "atom-eval s", "nix s", "nix/atom-eval", "atom-eval MiB",
            "nix MiB", "mem nix/atom-eval", "check"]
    cells = [head] + [
        [r["name"], fmt_s(r["ae_s"]), fmt_s(r["nix_s"]), fmt_ratio(r["nix_s"], r["ae_s"]),
         fmt_mib(r["ae_kib"]), fmt_mib(r["nix_kib"]), fmt_ratio(r["nix_kib"], r["ae_kib"]),
         r["check"]]
        for r in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(c) + " |" for c in cells]
        lines.insert(1, "|" + "|".join("---" if i == 0 or i == 7 else "---:" for i in range(len(head))) + "|")
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in cells) for i in range(len(head))]
    fmt = lambda row: "  ".join(  # noqa: E731
        c.ljust(w) if i in (0, 7) else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))
    )
    return "\n".join([fmt(cells[0]), fmt(["-" * w for w in widths])] + [fmt(r) for r in cells[1:]])


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=5, help="timed runs per evaluator (median; default 5)")
    ap.add_argument("--only", help="comma-separated benchmark names (prefix match)")
    ap.add_argument("--large", action="store_true", help="also the ~4,000-module atom")
    ap.add_argument("--composer", choices=["auto", "project", "bench"], default="auto",
                    help="scopedImport composer for the atom jobs (default auto: "
                    "tests/composer/compose.nix if present, else bench/composer.nix)")
    ap.add_argument("--no-atoms", action="store_true", help="skip the atom benchmarks")
    ap.add_argument("--build", action="store_true", help="cargo build --release -p atom-eval first")
    ap.add_argument("--atom-eval", default=os.path.join(REPO, "target", "release", "atom-eval"))
    ap.add_argument("--no-nix", action="store_true", help="do not time C++ Nix (still used for atom .exp)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per run")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--json", help="also write the results to this JSON file")
    ap.add_argument("--inspect", action="store_true",
                    help="instead: time `ls` and `check` against `eval --strict` (no C++ Nix)")
    args = ap.parse_args(argv)
    os.makedirs(CACHE, exist_ok=True)
    if args.inspect:
        atom_eval = os.path.abspath(args.atom_eval)
        if not os.access(atom_eval, os.X_OK):
            sys.exit(f"run: atom-eval not found at {rel(atom_eval)}")
        return inspect_table(args, atom_eval)

    if args.build:
        subprocess.run(["cargo", "build", "--release", "-p", "atom-eval"], cwd=REPO, check=True)
    atom_eval = os.path.abspath(args.atom_eval)
    have_ae = os.access(atom_eval, os.X_OK)
    if not have_ae:
        print(f"run: atom-eval not found at {rel(atom_eval)} "
              "(build it with: cargo build --release -p atom-eval); measuring C++ Nix only")

    lib = nixpkgs_lib()
    if lib and "ORACLE_SHARE" not in os.environ:
        # The oracle's chroot sees only the tree it bind-mounts (the git
        # checkout by default): share the directory holding both the
        # checkout and the nixpkgs corpus, so C++ Nix reads lib in place.
        os.environ["ORACLE_SHARE"] = os.path.commonpath([REPO, lib])
    oracle_path = Oracle.locate()
    oracle = Oracle(oracle_path, args.timeout) if oracle_path else None
    if not oracle:
        print("run: nix-oracle not found (set NIX_ORACLE); C++ Nix is not measured")
    else:
        why = oracle.setup_inner_time()
        if why:
            print(f"run: {why}; C++ Nix peak RSS comes from wait4() on the wrapper")
        overhead, _, err = measure(lambda: run([oracle.path, "run", "true"], args.timeout), max(args.n, 3))
        if err:
            sys.exit(f"run: nix-oracle does not work ({err}); try: nix-oracle setup")
        print(f"run: nix-oracle chroot overhead (`nix-oracle run true`, median): {overhead:.3f} s "
              "(included in the nix times, not subtracted)")

    benches = program_benches()
    if not args.no_atoms:
        benches += atom_benches("default", args.composer)
        if args.large:
            benches += atom_benches("large", args.composer)
    if args.only:
        wanted = args.only.split(",")
        benches = [b for b in benches if any(b.name.startswith(w) for w in wanted)]

    load_before = os.getloadavg()[0]
    rows, failed, nix_done = [], False, {}
    for b in benches:
        row = dict(name=b.name, ae_s=None, nix_s=None, ae_kib=None, nix_kib=None, check="",
                   ae_runs=[], nix_runs=[])
        notes = []
        exp = read(b.exp_file)
        # C++ Nix: verify (or, for atoms, produce the expected output), then time.
        if oracle:
            r = oracle.run(b.nix_args)
            if not r.ok:
                notes.append(f"nix {describe_failure(r)}")
            elif b.exp_from_nix:
                exp = r.out
                save(os.path.basename(b.exp_file), exp)
            elif exp is not None and r.out != exp:
                notes.append(f"nix output differs from .exp ({save(b.name + '.nix.out', r.out)})")
            key = tuple(b.nix_args)
            if r.ok and not args.no_nix and key in nix_done:
                # The *-scoped variants give C++ Nix the same job again.
                row["nix_s"], row["nix_kib"], row["nix_runs"] = nix_done[key]
            elif r.ok and not args.no_nix:
                row["nix_s"], row["nix_kib"], err = measure(
                    lambda: oracle.run(b.nix_args), args.n, row["nix_runs"]
                )
                if err:
                    notes.append(f"nix {err}")
                else:
                    nix_done[key] = (row["nix_s"], row["nix_kib"], row["nix_runs"])
        if exp is None:
            notes.append("no expected output")
        # atom-eval: verify against the expected output, then time.
        if have_ae:
            cmd = [atom_eval] + b.atom_eval_args
            # Peak RSS from GNU time, as for C++ Nix: wait4() on a child
            # forked from Python would count Python's own pages.
            ae_rss = None
            host_time = shutil.which("time", path="/usr/bin:/bin")
            if host_time:
                ae_rss = os.path.join(CACHE, "atom-eval.rss")
                cmd = [host_time, "-f", "%M", "-o", ae_rss] + cmd
            r = run(cmd, args.timeout, ae_rss)
            if not r.ok:
                failed = True
                notes.append(f"ERROR atom-eval {describe_failure(r)}")
                save(b.name + ".atom-eval.err", r.err)
            else:
                if exp is not None and r.out != exp:
                    failed = True
                    notes.append(f"MISMATCH (see {save(b.name + '.atom-eval.out', r.out)})")
                elif exp is not None:
                    notes.append("ok")
                row["ae_s"], row["ae_kib"], err = measure(
                    lambda: run(cmd, args.timeout, ae_rss), args.n, row["ae_runs"]
                )
                if err:
                    failed = True
                    notes.append(f"ERROR atom-eval {err}")
        row["check"] = "; ".join(notes)
        rows.append(row)
        print(f"run: {b.name}: {row['check'] or 'measured'}", flush=True)

    print()
    print(table(rows, args.markdown))
    load_after = os.getloadavg()[0]
    # Two cores shared with other work: a busy machine skews the timings.
    if max(load_before, load_after) > 0.5 * (os.cpu_count() or 1):
        print(f"run: warning: machine was busy (1-min load {load_before:.2f} before, "
              f"{load_after:.2f} after on {os.cpu_count()} cores); timings are noisy")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(n=args.n, rows=rows), f, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
