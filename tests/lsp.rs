//! `atom-eval lsp` driven as editors drive it: a full session over stdio
//! with every response checked, and a real headless Neovim reading
//! diagnostics and completions back.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use atom_eval_tests::{atom_eval_binary, repo_root};
use serde_json::{json, Value};

/// A copy of `examples/hello` in a fresh directory.
fn hello() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in ["atom.toml", "mod.nix", "Audience.nix", "Shout.nix", "salutation.nix"] {
        std::fs::copy(repo_root().join("examples/hello").join(f), dir.path().join(f)).expect("copy");
    }
    dir
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

struct Lsp {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
}

impl Lsp {
    fn start() -> Lsp {
        let mut child = Command::new(atom_eval_binary())
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("atom-eval lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Lsp {
            child,
            stdin,
            stdout,
            next_id: 0,
        }
    }

    fn write_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        let msg = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.write_raw(&msg.to_string());
    }

    fn read(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).expect("read") > 0,
                "the server closed its output"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = Some(v.parse::<usize>().expect("a length"));
            }
        }
        let mut body = vec![0; length.expect("Content-Length")];
        self.stdout.read_exact(&mut body).expect("body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// Sends a request and returns its response (skipping notifications).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let msg = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.write_raw(&msg.to_string());
        loop {
            let msg = self.read();
            if msg["id"] == json!(id) {
                return msg;
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let msg = self.read();
            if msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri {
                return msg["params"]["diagnostics"].as_array().expect("a list").clone();
            }
        }
    }
}

fn position(text: &str, needle: &str, after: usize) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} in {text:?}")) + after;
    let line = text[..at].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": col})
}

/// The labels of a completion response.
fn completion_labels(completion: &Value) -> Vec<&str> {
    completion["result"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect()
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn a_full_session_over_stdio() {
    let atom = hello();
    let root = atom.path();
    let shout = root.join("Shout.nix");
    let shout_uri = uri(&shout);
    let mut lsp = Lsp::start();

    // A request before initialize is refused, and the server goes on.
    let early = lsp.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], json!(-32002), "{early}");

    let init = lsp.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(root), "capabilities": {}}),
    );
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["completionProvider"]["triggerCharacters"], json!(["."]), "{init}");
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
    ] {
        assert_eq!(caps[cap], json!(true), "{cap}: {init}");
    }
    lsp.notify("initialized", json!({}));

    // A malformed message and bad parameters get no crash.
    lsp.write_raw("{ this is not json");
    let bad = lsp.request("textDocument/completion", json!({"textDocument": 3}));
    assert_eq!(bad["error"]["code"], json!(-32602), "{bad}");

    // didOpen: the file is clean.
    let text = std::fs::read_to_string(&shout).expect("read");
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": shout_uri, "languageId": "nix", "version": 1, "text": text}}),
    );
    assert_eq!(lsp.diagnostics(&shout_uri), Vec::<Value>::new());

    // An unsaved edit with a mistyped member: check's rule, from the buffer.
    let typo = text.replace("mod.greeting", "mod.greetin");
    lsp.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": shout_uri, "version": 2}, "contentChanges": [{"text": typo}]}),
    );
    let diags = lsp.diagnostics(&shout_uri);
    assert_eq!(codes(&diags), ["missing-name"], "{diags:?}");
    let msg = diags[0]["message"].as_str().expect("message");
    assert!(
        msg.contains("mod has no member 'greetin'") && msg.contains("did you mean greeting?"),
        "{msg}"
    );
    assert_eq!(diags[0]["range"]["start"], position(&typo, "mod.greetin", 4));
    assert_eq!(diags[0]["range"]["end"], position(&typo, "mod.greetin", 11));

    // An incremental edit that also breaks the syntax: one error, where it is.
    let broken = format!("{typo}\n(");
    lsp.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": shout_uri, "version": 3}, "contentChanges": [
            {"range": {"start": position(&typo, "\n", 0), "end": position(&typo, "\n", 0)}, "text": "\n("}
        ]}),
    );
    let diags = lsp.diagnostics(&shout_uri);
    assert_eq!(codes(&diags), ["parse"], "{diags:?} for {broken:?}");

    // Fixed: no diagnostics.
    lsp.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": shout_uri, "version": 4}, "contentChanges": [{"text": text}]}),
    );
    assert_eq!(lsp.diagnostics(&shout_uri), Vec::<Value>::new());

    // Completion after `mod.`: members with visibility and kind.
    let completion = lsp.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": shout_uri}, "position": position(&text, "mod.", 4)}),
    );
    let items = completion["result"].as_array().expect("items");
    let described: Vec<(String, String)> = items
        .iter()
        .map(|i| {
            let d = i["labelDetails"]["description"].as_str().unwrap_or("").to_owned();
            (i["label"].as_str().unwrap_or("").to_owned(), d)
        })
        .collect();
    for (name, what) in [
        ("audience", "public file"),
        ("salutation", "private file"),
        ("greeting", "public attribute"),
        ("punctuation", "private attribute"),
        ("shout", "public file"),
    ] {
        assert!(described.contains(&(name.into(), what.into())), "{name}: {described:?}");
    }

    // Completion after `std.`: std's modules and the pure builtins only.
    let completion = lsp.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": shout_uri}, "position": position(&text, "std.", 4)}),
    );
    let labels = completion_labels(&completion);
    assert!(labels.contains(&"string") && labels.contains(&"map"), "{labels:?}");
    assert!(
        !labels.contains(&"import") && !labels.contains(&"fetchGit"),
        "{labels:?}"
    );

    // Completion after `cfg.package.`: the manifest's keys.
    let completion = lsp.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": shout_uri}, "position": position(&text, "cfg.package.", 12)}),
    );
    let labels = completion_labels(&completion);
    assert_eq!(labels, ["label", "version"]);

    // Hover: kind, visibility, defining file and line.
    let hover = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": shout_uri}, "position": position(&text, "mod.greeting", 6)}),
    );
    let value = hover["result"]["contents"]["value"].as_str().expect("markdown");
    assert!(
        value.contains("**greeting** (public attribute, `mod.nix:Greeting`)"),
        "{value}"
    );
    assert!(value.contains("mod.nix`, line 6"), "{value}");

    // Hover on a std function: its doc comment.
    let hover = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": shout_uri}, "position": position(&text, "toUpperCase", 2)}),
    );
    let value = hover["result"]["contents"]["value"].as_str().expect("markdown");
    assert!(value.contains("**toUpperCase** (public"), "{value}");

    // Definition: `mod.greeting` is the `Greeting` binding in mod.nix.
    let mod_nix = std::fs::read_to_string(root.join("mod.nix")).expect("read");
    let def = lsp.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": shout_uri}, "position": position(&text, "mod.greeting", 6)}),
    );
    assert_eq!(def["result"]["uri"], json!(uri(&root.join("mod.nix"))), "{def}");
    assert_eq!(def["result"]["range"]["start"], position(&mod_nix, "Greeting =", 0));

    // Definition into the embedded std: a read-only file on disk.
    let def = lsp.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": shout_uri}, "position": position(&text, "toUpperCase", 2)}),
    );
    let std_file = def["result"]["uri"]
        .as_str()
        .expect("uri")
        .trim_start_matches("file://")
        .to_owned();
    assert!(std_file.ends_with("ToUpperCase.nix"), "{def}");
    assert!(std::fs::metadata(&std_file).expect("written").permissions().readonly());

    // References of `audience` across the atom, with its declaration.
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&root.join("mod.nix")), "languageId": "nix", "version": 1, "text": mod_nix}}),
    );
    let _ = lsp.diagnostics(&uri(&root.join("mod.nix")));
    let refs = lsp.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri(&root.join("mod.nix"))}, "position": position(&mod_nix, "mod.audience", 5),
               "context": {"includeDeclaration": true}}),
    );
    let refs = refs["result"].as_array().expect("locations").clone();
    assert_eq!(refs.len(), 2, "{refs:?}");
    assert_eq!(refs[0]["uri"], json!(uri(&root.join("Audience.nix"))));
    assert_eq!(refs[1]["uri"], json!(uri(&root.join("mod.nix"))));
    assert_eq!(refs[1]["range"]["start"], position(&mod_nix, "audience}", 0));

    // Rename `audience` to `crowd`: the file becomes Crowd.nix (public
    // stays public) and the reference follows.
    let edit = lsp.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri(&root.join("mod.nix"))}, "position": position(&mod_nix, "mod.audience", 5),
               "newName": "crowd"}),
    );
    let ops = edit["result"]["documentChanges"].as_array().expect("changes").clone();
    assert_eq!(ops.len(), 2, "{ops:?}");
    assert_eq!(ops[0]["textDocument"]["uri"], json!(uri(&root.join("mod.nix"))));
    assert_eq!(ops[0]["edits"][0]["newText"], "crowd");
    assert_eq!(ops[0]["edits"][0]["range"]["start"], position(&mod_nix, "audience}", 0));
    assert_eq!(ops[1]["kind"], "rename");
    assert_eq!(ops[1]["oldUri"], json!(uri(&root.join("Audience.nix"))));
    assert_eq!(ops[1]["newUri"], json!(uri(&root.join("Crowd.nix"))));

    // Renaming a private member to an uppercase name is refused.
    let refused = lsp.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri(&root.join("mod.nix"))}, "position": position(&mod_nix, "mod.salutation", 5),
               "newName": "Hi"}),
    );
    assert!(
        refused["error"]["message"].as_str().unwrap_or("").contains("public"),
        "{refused}"
    );

    // A manifest error in the unsaved atom.toml, where the CLI points.
    let toml_uri = uri(&root.join("atom.toml"));
    let bad_toml = "[atom]\nid = \"hello\"\nversion = \"one\"\n";
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": toml_uri, "languageId": "toml", "version": 1, "text": bad_toml}}),
    );
    let diags = lsp.diagnostics(&toml_uri);
    assert_eq!(codes(&diags), ["manifest"], "{diags:?}");
    assert_eq!(diags[0]["range"]["start"]["line"], json!(2), "{diags:?}");

    let shutdown = lsp.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    assert!(shutdown.get("error").is_none());
    lsp.notify("exit", Value::Null);
    let status = lsp.child.wait().expect("exits");
    assert!(status.success(), "{status}");
}

#[test]
fn plain_nix_files_get_syntax_errors_and_local_navigation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("default.nix");
    let text = "let x = 1; in mod.y + x";
    std::fs::write(&file, text).expect("write");
    let mut lsp = Lsp::start();
    lsp.request("initialize", json!({"processId": null, "capabilities": {}}));
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&file), "languageId": "nix", "version": 1, "text": "let x = 1; in (x"}}),
    );
    let diags = lsp.diagnostics(&uri(&file));
    assert_eq!(codes(&diags), ["parse"], "{diags:?}");
    lsp.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&file), "version": 2}, "contentChanges": [{"text": text}]}),
    );
    // No atom scopes: `mod.y` is not judged.
    assert_eq!(lsp.diagnostics(&uri(&file)), Vec::<Value>::new());
    let def = lsp.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&file)}, "position": position(text, "+ x", 2)}),
    );
    assert_eq!(def["result"]["range"]["start"], position(text, "x =", 0), "{def}");
    lsp.request("shutdown", Value::Null);
    lsp.notify("exit", Value::Null);
    assert!(lsp.child.wait().expect("exits").success());
}

/// What the Neovim test runs: start `atom-eval lsp` for the atom, open a
/// file with a mistake, wait for its diagnostics, ask for completions
/// after `mod.`, and write both as JSON.
const NEOVIM_SCRIPT: &str = r#"
local bin, root, file, out = os.getenv('LSP_BIN'), os.getenv('LSP_ROOT'), os.getenv('LSP_FILE'), os.getenv('LSP_OUT')
local line, col = tonumber(os.getenv('LSP_LINE')), tonumber(os.getenv('LSP_COL'))
local client = vim.lsp.start_client({ name = 'atom-eval', cmd = { bin, 'lsp' }, root_dir = root })
vim.cmd('edit ' .. vim.fn.fnameescape(file))
vim.lsp.buf_attach_client(0, client)
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local diags = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(diags, { code = code, message = d.message, lnum = d.lnum, col = d.col })
end
local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = line, character = col } }
local responses = vim.lsp.buf_request_sync(0, 'textDocument/completion', params, 20000)
local labels = {}
for _, r in pairs(responses or {}) do
  local result = r.result or {}
  for _, item in ipairs(result.items or result) do table.insert(labels, item.label) end
end
vim.fn.writefile({ vim.fn.json_encode({ diagnostics = diags, completion = labels }) }, out)
vim.cmd('qa!')
"#;

#[test]
fn neovim_shows_diagnostics_and_completions() {
    let Ok(nvim) = Command::new("nvim").arg("--version").output() else {
        eprintln!("skipped: Neovim (nvim) is not installed; `apt-get install neovim` (.ci/run does)");
        return;
    };
    assert!(nvim.status.success(), "nvim --version failed");
    let atom = hello();
    let root = atom.path();
    let file = root.join("Shout.nix");
    let text = "\"${mod.greetin} and ${mod.audience}\"\n";
    std::fs::write(&file, text).expect("write");
    let script = root.join("test.lua");
    std::fs::write(&script, NEOVIM_SCRIPT).expect("write");
    let out = root.join("out.json");
    let at = text.find("mod.audience").expect("present") + 4;
    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("LSP_BIN", atom_eval_binary())
        .env("LSP_ROOT", root)
        .env("LSP_FILE", &file)
        .env("LSP_OUT", &out)
        .env("LSP_LINE", "0")
        .env("LSP_COL", at.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("nvim starts");
    let started = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > std::time::Duration::from_secs(90) {
            let _ = child.kill();
            panic!("Neovim did not finish within 90 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let got: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("Neovim wrote its results")).expect("JSON");
    let diags = got["diagnostics"].as_array().expect("diagnostics");
    let missing: Vec<&Value> = diags.iter().filter(|d| d["code"] == "missing-name").collect();
    assert_eq!(missing.len(), 1, "{got}");
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("did you mean greeting?"),
        "{got}"
    );
    assert_eq!(
        (missing[0]["lnum"].clone(), missing[0]["col"].clone()),
        (json!(0), json!(7)),
        "{got}"
    );
    let labels: Vec<&str> = got["completion"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|l| l.as_str())
        .collect();
    for name in ["audience", "greeting", "punctuation", "salutation", "shout"] {
        assert!(labels.contains(&name), "{name}: {got}");
    }
}

#[test]
fn one_diagnostic_per_real_syntax_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("default.nix");
    let mut lsp = Lsp::start();
    lsp.request("initialize", json!({"processId": null, "capabilities": {}}));
    // The unclosed `${mod.` makes the parser report four more errors at the
    // end of the file; the one mistake is the `}`.
    let text = "\"${mod.greetin} and ${mod.}\"\n";
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&file), "languageId": "nix", "version": 1, "text": text}}),
    );
    let diags = lsp.diagnostics(&uri(&file));
    assert_eq!(codes(&diags), ["parse"], "{diags:?}");
    assert_eq!(diags[0]["range"]["start"], position(text, "}\"", 0), "{diags:?}");
    lsp.request("shutdown", Value::Null);
    lsp.notify("exit", Value::Null);
    assert!(lsp.child.wait().expect("exits").success());
}

/// The labels of a completion at the end of `needle` in `text`.
fn labels_at(lsp: &mut Lsp, file: &Path, text: &str, needle: &str) -> Vec<String> {
    let response = lsp.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(file)}, "position": position(text, needle, needle.len())}),
    );
    let mut labels: Vec<String> = response["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{response}"))
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_owned))
        .collect();
    labels.sort();
    labels
}

#[test]
fn completion_walks_pre_pre_and_atom_paths_and_local_names() {
    let shop = repo_root().join("examples/shop");
    let file = shop.join("Cart/discount/Label.nix");
    // An unsaved buffer: nothing is written to the example.
    let text = "let rate = 1; in { a, ... }: [ pre.pre. pre. atom.cart. mod. ra ]";
    let mut lsp = Lsp::start();
    lsp.request("initialize", json!({"processId": null, "capabilities": {}}));
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&file), "languageId": "nix", "version": 1, "text": text}}),
    );
    let pre_pre = labels_at(&mut lsp, &file, text, "pre.pre.");
    assert!(
        pre_pre.contains(&"format".into()) && pre_pre.contains(&"cart".into()),
        "{pre_pre:?}"
    );
    assert!(!pre_pre.contains(&"pre".into()), "the root has no parent: {pre_pre:?}");
    let pre = labels_at(&mut lsp, &file, text, " pre.");
    assert!(
        pre.contains(&"subtotal".into()) && pre.contains(&"pre".into()),
        "{pre:?}"
    );
    let cart = labels_at(&mut lsp, &file, text, "atom.cart.");
    // The public view only: the private `discount` submodule is not there.
    assert!(
        cart.contains(&"total".into()) && !cart.contains(&"discount".into()),
        "{cart:?}"
    );
    let module = labels_at(&mut lsp, &file, text, "mod.");
    assert_eq!(module, ["amount", "label", "percent"]);
    let names = labels_at(&mut lsp, &file, text, "mod. ra");
    for name in ["rate", "a", "mod", "pre", "atom", "std", "cfg"] {
        assert!(names.contains(&name.into()), "{name}: {names:?}");
    }
    lsp.request("shutdown", Value::Null);
    lsp.notify("exit", Value::Null);
    assert!(lsp.child.wait().expect("exits").success());
}
