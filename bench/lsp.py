#!/usr/bin/env python3
"""Latency and memory of `atom-eval lsp` on the generated atom.

Drives the server over stdio as an editor does, on the 781-module atom of
gen-atom.py (or --preset large), and reports medians:

  startup      from starting the process to the first diagnostics of an
               opened file (initialize, open, the module tree read, check)
  diagnostics  from an unsaved edit (didChange) of a member file to its
               diagnostics, alternating an edit that introduces a mistyped
               `mod.x` and one that fixes it (each is checked)
  completion   `mod.` in a member file and `atom.m0.m1.` (a deeper path)
  references   a member's uses, searched in every file of the atom
  memory       peak RSS (VmHWM) of the server at the end

Targets (issue 15): diagnostics 20 ms, completion 10 ms, startup 200 ms,
memory 100 MiB. Not a test: run it by hand, on a release build.

Usage: bench/lsp.py [--preset default|large] [-n RUNS] [--atom-eval PATH]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)


class Server:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    sys.exit(f"{method} failed: {msg['error']}")
                return msg["result"]

    def diagnostics(self, uri):
        while True:
            msg = self.read()
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                return msg["params"]["diagnostics"]

    def peak_rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")


def uri(path):
    return "file://" + path


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preset", default="default")
    ap.add_argument("-n", type=int, default=21)
    ap.add_argument("--atom-eval", default=os.path.join(REPO, "target/release/atom-eval"))
    args = ap.parse_args()
    atom = os.path.join(BENCH, "atoms", args.preset, "atom")
    subprocess.run([sys.executable, os.path.join(BENCH, "gen-atom.py"), "--preset", args.preset, "--out", atom],
                   check=True, stdout=subprocess.DEVNULL)
    file = os.path.join(atom, "M0", "M1", "M2", "M3", "Value.nix")
    text = open(file).read()

    startups, diags, completions, deep, refs, rss = [], [], [], [], [], []
    for run in range(args.n):
        t0 = time.perf_counter()
        s = Server(args.atom_eval)
        s.request("initialize", {"processId": None, "rootUri": uri(atom), "capabilities": {}})
        s.notify("initialized", {})
        s.notify("textDocument/didOpen",
                 {"textDocument": {"uri": uri(file), "languageId": "nix", "version": 1, "text": text}})
        first = s.diagnostics(uri(file))
        startups.append(time.perf_counter() - t0)
        assert first == [], first
        version = 1
        for i in range(10):
            version += 1
            broken = i % 2 == 0
            new = text.replace("mod.depth", "mod.dept" if broken else "mod.depth")
            t = time.perf_counter()
            s.notify("textDocument/didChange", {"textDocument": {"uri": uri(file), "version": version},
                                                "contentChanges": [{"text": new}]})
            got = s.diagnostics(uri(file))
            diags.append(time.perf_counter() - t)
            assert [d["code"] for d in got] == (["missing-name"] if broken else []), got
        line = text.splitlines().index(next(l for l in text.splitlines() if "mod.depth" in l))
        col = text.splitlines()[line].index("mod.depth") + 4
        for _ in range(10):
            t = time.perf_counter()
            items = s.request("textDocument/completion",
                              {"textDocument": {"uri": uri(file)}, "position": {"line": line, "character": col}})
            completions.append(time.perf_counter() - t)
            assert any(i["label"] == "helper" for i in items), items
        # `atom.m0.m1.`: typed at the end of the buffer.
        version += 1
        typed = text + " + atom.m0.m1."
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri(file), "version": version},
                                            "contentChanges": [{"text": typed}]})
        s.diagnostics(uri(file))
        last = typed.splitlines()
        for _ in range(10):
            t = time.perf_counter()
            items = s.request("textDocument/completion",
                              {"textDocument": {"uri": uri(file)},
                               "position": {"line": len(last) - 1, "character": len(last[-1])}})
            deep.append(time.perf_counter() - t)
            assert any(i["label"] == "m2" for i in items), items
        t = time.perf_counter()
        found = s.request("textDocument/references",
                          {"textDocument": {"uri": uri(file)}, "position": {"line": line, "character": col + 1},
                           "context": {"includeDeclaration": True}})
        refs.append(time.perf_counter() - t)
        assert len(found) >= 2, found
        rss.append(s.peak_rss_mib())
        s.request("shutdown", None)
        s.notify("exit", None)
        s.proc.wait()

    med = statistics.median
    print(f"atom: {args.preset} ({atom}), {args.n} runs, medians")
    print(f"startup (spawn to first diagnostics): {ms(med(startups))}   target 200 ms")
    print(f"diagnostics after an edit:            {ms(med(diags))}   target 20 ms")
    print(f"completion mod.:                      {ms(med(completions))}   target 10 ms")
    print(f"completion atom.m0.m1.:               {ms(med(deep))}   target 10 ms")
    print(f"references across the atom ({len(found)}):  {ms(med(refs))}")
    print(f"peak RSS:                             {max(rss):.1f} MiB   target 100 MiB")


if __name__ == "__main__":
    main()
