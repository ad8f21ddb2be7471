//! `atom-eval repl` driven through a real pseudo-terminal, as a person
//! would use it: type, press TAB, read the screen, assert.
//!
//! The REPL runs under `expectrl` in a pty of a fixed size; everything it
//! writes goes through a `vt100` terminal emulator, so assertions read the
//! screen as it would look, after line editing has redrawn it. The binary
//! is built (or found up to date) with the same profile as this test.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use atom_eval_tests::repo_root;
use expectrl::process::Healthcheck;
use expectrl::Expect;

const ROWS: u16 = 40;
const COLS: u16 = 120;

fn binary() -> PathBuf {
    atom_eval_tests::atom_eval_binary()
}

/// A REPL in a pseudo-terminal, and the screen it draws.
struct Term {
    session: expectrl::session::OsSession,
    parser: vt100::Parser,
    /// Everything the REPL wrote, escape sequences included.
    raw: Vec<u8>,
    _home: tempfile::TempDir,
}

impl Term {
    /// Starts `atom-eval repl ARGS` with a private home and data directory
    /// (so the history file is the test's own).
    fn start(args: &[&str], env: &[(&str, &str)]) -> Term {
        let home = tempfile::tempdir().expect("temporary home");
        Self::start_in(home, args, env)
    }

    fn start_in(home: tempfile::TempDir, args: &[&str], env: &[(&str, &str)]) -> Term {
        let mut cmd = Command::new(binary());
        cmd.arg("repl").args(args).current_dir(repo_root());
        cmd.env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("TERM", "xterm");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut session = expectrl::Session::spawn(cmd).expect("spawning the REPL in a pty");
        session
            .get_process_mut()
            .set_window_size(COLS, ROWS)
            .expect("window size");
        let mut term = Term {
            session,
            parser: vt100::Parser::new(ROWS.try_into().expect("rows"), COLS.try_into().expect("cols"), 0),
            raw: Vec::new(),
            _home: home,
        };
        term.wait_for("> ");
        term
    }

    /// Reads what the REPL has written so far into the emulator, answering
    /// cursor-position queries as a terminal would.
    fn pump(&mut self) -> bool {
        let mut buf = [0u8; 4096];
        let mut got = false;
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => return got,
                Ok(n) => {
                    got = true;
                    let chunk = &buf[..n];
                    self.raw.extend_from_slice(chunk);
                    self.parser.process(chunk);
                    if chunk.windows(4).any(|w| w == b"\x1b[6n") {
                        let (row, col) = self.parser.screen().cursor_position();
                        let reply = format!("\x1b[{};{}R", row + 1, col + 1);
                        self.session.send(reply).expect("answering a cursor query");
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return got,
                Err(_) => return got,
            }
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `text`; fails with the screen if it
    /// does not within ten seconds.
    fn wait_for(&mut self, text: &str) -> String {
        let start = Instant::now();
        loop {
            self.pump();
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("timed out waiting for {text:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the output has been quiet for a moment, then returns
    /// the screen.
    fn settle(&mut self) -> String {
        let mut quiet = Instant::now();
        let start = Instant::now();
        while quiet.elapsed() < Duration::from_millis(150) && start.elapsed() < Duration::from_secs(10) {
            if self.pump() {
                quiet = Instant::now();
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        self.screen()
    }

    /// Types text (without pressing Enter), once the REPL is idle: keys
    /// typed while the line editor asks the terminal where the cursor is
    /// would be taken for the answer.
    fn type_text(&mut self, text: &str) {
        self.settle();
        self.session.send(text).expect("typing");
    }

    /// Types a line and presses Enter.
    fn enter(&mut self, line: &str) {
        self.type_text(line);
        self.type_text("\r");
    }

    /// The screen line the cursor is on.
    fn cursor_line(&mut self) -> String {
        self.settle();
        let (row, _) = self.parser.screen().cursor_position();
        self.parser.screen().rows(0, COLS).nth(row as usize).unwrap_or_default()
    }

    /// Quits with `:q` and waits for the process to end; returns what the
    /// REPL wrote and its home directory.
    fn quit(mut self) -> (Vec<u8>, tempfile::TempDir) {
        self.enter(":q");
        let start = Instant::now();
        while self.session.is_alive().unwrap_or(false) {
            self.pump();
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the REPL did not exit after :q"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        self.pump();
        (self.raw, self._home)
    }
}

#[test]
fn evaluates_and_prints_like_nix_repl() {
    let mut t = Term::start(&[], &[]);
    t.enter("1 + 2");
    t.wait_for("\n3\n");
    t.enter("{ a = 1 + 1; b = { c = 1; }; f = x: x; }");
    t.wait_for("  a = 2;\n  b = { ... };\n  f = «lambda f @ «string»:1:34»;\n}");
    t.enter(":p { a = [ 1 ]; b.c = \"s\"; }");
    t.wait_for("  a = [ 1 ];\n  b = { c = \"s\"; };\n}");
    t.enter(":t builtins.map");
    t.wait_for("the built-in function 'map'");
    t.quit();
}

#[test]
fn an_incomplete_expression_continues_on_the_next_line() {
    let mut t = Term::start(&[], &[]);
    t.enter("{ a = 1;");
    // The continuation line is indented to the width of the prompt.
    t.wait_for("atom-eval> { a = 1;\n           ");
    t.enter("b = 2; }");
    t.wait_for("{\n  a = 1;\n  b = 2;\n}");
    t.enter("x = [ 1");
    t.enter("2 ]");
    t.enter("x");
    t.wait_for("[\n  1\n  2\n]");
    t.quit();
}

#[test]
fn errors_print_a_diagnostic_and_the_session_goes_on() {
    let mut t = Term::start(&[], &[]);
    t.enter("let f = x: throw \"boom\"; in f 1");
    t.wait_for("error: boom");
    t.wait_for("… while calling the 'throw' builtin at «string»:1:12");
    t.enter("undefinedThing");
    t.wait_for("error: undefined variable 'undefinedThing'");
    t.enter(":frobnicate");
    t.wait_for("error: unknown command ':frobnicate'");
    t.enter("40 + 2");
    t.wait_for("\n42\n");
    t.quit();
}

#[test]
fn tab_completes_variables_attribute_paths_and_commands() {
    let mut t = Term::start(&[], &[]);
    // A variable bound at the REPL.
    t.enter("myLongVariable = { alpha = 1; beta = throw \"never forced\"; }");
    t.settle();
    t.type_text("myLongV\t");
    assert!(t.cursor_line().contains("atom-eval> myLongVariable"), "{}", t.screen());
    // An attribute path: only the set is evaluated, not `beta`.
    t.type_text(".b\t");
    assert!(
        t.cursor_line().contains("atom-eval> myLongVariable.beta"),
        "{}",
        t.screen()
    );
    t.type_text("\x15"); // Ctrl-U: clear the line.
                         // builtins.<TAB><TAB> lists candidates.
    t.type_text("builtins.attrN\t");
    assert!(
        t.cursor_line().contains("atom-eval> builtins.attrNames"),
        "{}",
        t.screen()
    );
    t.type_text("\r");
    t.wait_for("«primop attrNames»");
    t.type_text("builtins.is\t\t");
    let screen = t.settle();
    assert!(
        screen.contains("builtins.isAttrs") && screen.contains("builtins.isList"),
        "{screen}"
    );
    t.type_text("\x15");
    // A command.
    t.type_text(":do\t");
    assert!(t.cursor_line().contains("atom-eval> :doc"), "{}", t.screen());
    t.enter(" builtins.map");
    t.wait_for("Synopsis: builtins.map");
    t.quit();
}

#[test]
fn history_is_kept_in_the_data_directory() {
    let home = tempfile::tempdir().expect("temporary home");
    let data = home.path().join("data");
    let mut t = Term::start_in(home, &[], &[]);
    t.enter("1 + 41");
    t.wait_for("42");
    let (_, home) = t.quit();
    let history = std::fs::read_to_string(data.join("atom-eval/repl-history")).expect("history file");
    assert!(history.contains("1 + 41"), "{history}");
    // A new session recalls it with the Up arrow.
    let mut t = Term::start_in(home, &[], &[]);
    t.type_text("\x1b[A");
    t.wait_for(":q");
    t.type_text("\x1b[A");
    assert!(t.cursor_line().contains("atom-eval> 1 + 41"), "{}", t.screen());
    t.type_text("\x15");
    t.quit();
}

#[test]
fn colours_follow_no_color() {
    let mut t = Term::start(&[], &[]);
    t.enter("[ 1 \"s\" ]");
    t.wait_for("\"s\"");
    let (raw, _) = t.quit();
    assert!(raw.windows(7).any(|w| w == b"\x1b[36;1m"), "a terminal gets colours");

    let mut t = Term::start(&[], &[("NO_COLOR", "1")]);
    t.enter("[ 1 \"s\" ]");
    t.wait_for("\"s\"");
    let (raw, _) = t.quit();
    assert!(
        !raw.windows(7).any(|w| w == b"\x1b[36;1m"),
        "NO_COLOR turns colours off"
    );
}

#[test]
fn loads_a_nix_file_and_reloads_it() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("vars.nix");
    std::fs::write(&file, "{ greeting = \"hello\"; answer = 42; }").expect("writing");
    let mut t = Term::start(&[file.to_str().expect("utf-8 path")], &[]);
    t.wait_for("Added 2 variables.");
    t.enter("answer");
    t.wait_for("\n42\n");
    std::fs::write(&file, "{ greeting = \"hello\"; answer = 43; }").expect("writing");
    t.enter(":r");
    t.wait_for("Reloaded.");
    t.enter("answer");
    t.wait_for("\n43\n");
    t.quit();
}

#[test]
fn an_atom_is_explored_with_completion_ls_cd_and_doc() {
    let mut t = Term::start(&["examples/shop"], &[]);
    t.wait_for("Loaded atom shop 1.2.0");
    t.wait_for("shop> ");
    // Attribute paths into the atom complete; listing them evaluates the
    // modules on the path only.
    t.type_text("atom.ca\t\t");
    let screen = t.settle();
    assert!(
        screen.contains("atom.cart") && screen.contains("atom.catalog"),
        "{screen}"
    );
    t.type_text("r\t");
    assert!(t.cursor_line().contains("shop> atom.cart"), "{}", t.screen());
    t.type_text("\x15");
    // :ls lists members statically, private ones marked.
    t.enter(":ls");
    t.wait_for("format        private  format.nix");
    t.wait_for("data: atom.toml");
    // :cd completes module names and enters one: `pre` and `mod` are bound.
    t.type_text(":cd ca\t\t");
    let screen = t.settle();
    assert!(screen.contains("cart") && screen.contains("catalog"), "{screen}");
    t.type_text("r\t");
    assert!(t.cursor_line().contains(":cd cart"), "{}", t.screen());
    t.type_text("\r");
    t.wait_for("shop:cart> ");
    t.enter("pre.format 1234");
    t.wait_for("\"12.34 EUR\"");
    t.enter(":cd discount");
    t.wait_for("shop:cart.discount> ");
    t.enter("pre.pre.name");
    t.wait_for("\"shop\"");
    t.enter(":cd ..");
    t.wait_for("shop:cart> ");
    t.enter(":cd dicsount");
    t.wait_for("error: module 'cart' has no submodule 'dicsount'; did you mean discount?");
    t.enter(":cd /");
    t.enter(":doc mod.format");
    t.wait_for("mod.format (private, defined in");
    t.enter(":doc std.set.merge");
    t.wait_for("Merge two sets recursively");
    t.quit();
}

#[test]
fn a_member_error_points_at_the_file_and_the_session_goes_on() {
    let dir = tempfile::tempdir().expect("temporary atom");
    let atom = dir.path();
    std::fs::write(atom.join("atom.toml"), "[atom]\nid = \"demo\"\nversion = \"0.1.0\"\n").expect("writing");
    std::fs::write(atom.join("mod.nix"), "{ }\n").expect("writing");
    std::fs::write(atom.join("Bad.nix"), "# fails\n1 + \"x\"\n").expect("writing");
    std::fs::write(atom.join("Good.nix"), "\"ok\"\n").expect("writing");
    let mut t = Term::start(&[atom.to_str().expect("utf-8 path")], &[]);
    t.wait_for("Public: bad, good.");
    t.enter("atom.bad");
    t.wait_for("error: cannot add a string to an integer");
    t.wait_for("Bad.nix:2:");
    t.enter("atom.good");
    t.wait_for("\"ok\"");
    t.quit();
}

#[test]
fn help_load_and_std_completion() {
    let mut t = Term::start(&[], &[]);
    // `:?` lists the commands.
    t.enter(":?");
    t.wait_for("The following commands are available:");
    t.wait_for(":cd <module.path>  Enter a module");
    // `:l` as a command loads an atom and enters its root module.
    t.enter(":l examples/hello");
    t.wait_for("Loaded atom hello 0.1.0");
    t.wait_for("hello> ");
    t.enter("atom.greeting");
    t.wait_for("\"Hello, world!\"");
    // std.set.<TAB> completes std's own functions.
    t.type_text("std.set.mer\t");
    assert!(t.cursor_line().contains("hello> std.set.merge"), "{}", t.screen());
    t.type_text("\x15");
    // Values print lazily, one level deep: nested sets are `{ ... }`, and
    // a member that fails to evaluate does not stop the rest.
    t.enter("{ a = 1 + 1; b = { c = throw \"never\"; }; }");
    t.wait_for("  a = 2;\n  b = { ... };\n}");
    t.quit();
}

/// Ctrl-C during an evaluation stops it and returns to the prompt, with
/// the session's bindings intact, as in `nix repl`.
#[test]
fn ctrl_c_stops_an_evaluation_and_keeps_the_bindings() {
    let mut t = Term::start(&[], &[]);
    t.enter("x = 41");
    t.enter("slow = let f = n: if n == 0 then 0 else f (n - 1) + f (n - 1); in f");
    t.enter("builtins.trace \"started\" (slow 60)");
    t.wait_for("trace: started");
    // The terminal turns ^C into SIGINT for the REPL.
    t.session.send("\x03").expect("typing Ctrl-C");
    t.wait_for("error: interrupted by the user");
    t.enter("x + 1");
    t.wait_for("\n42\n");
    // Interrupted while printing a nested value: the print stops as a
    // whole, rather than showing the value as an error in place. Ctrl-L
    // clears the screen first, so the message seen is the new one.
    t.type_text("\x0c");
    t.enter("{ a = builtins.trace \"inner\" (slow 60); }");
    t.wait_for("trace: inner");
    t.session.send("\x03").expect("typing Ctrl-C");
    t.wait_for("error: interrupted by the user");
    assert!(!t.screen().contains("«error: interrupted"), "{}", t.screen());
    t.enter("x");
    t.wait_for("\n41\n");
    t.quit();
}

#[test]
fn edit_build_and_absolute_cd_as_nix_repl_habits_expect() {
    // An editor that records what it was asked to open.
    let dir = tempfile::tempdir().expect("temporary directory");
    let log = dir.path().join("opened");
    let editor = dir.path().join("editor.sh");
    std::fs::write(&editor, format!("#!/bin/sh\necho \"$@\" >> '{}'\n", log.display())).expect("writing");
    let mut perms = std::fs::metadata(&editor).expect("editor").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&editor, perms).expect("chmod");
    let funcs = dir.path().join("funcs.nix");
    std::fs::write(&funcs, "{\n  double = x: x * 2;\n}\n").expect("writing");
    let editor = editor.to_str().expect("utf-8 path");
    let mut t = Term::start(&["examples/shop"], &[("EDITOR", editor)]);
    t.wait_for("shop> ");
    // `:?` tells of the new commands.
    t.enter(":?");
    t.wait_for(":e, :edit <name>");
    t.wait_for(":b <expr>");
    t.wait_for(":l, :lf, :load <path>");
    // `:e NAME` opens the member's file, then reloads.
    t.enter(":e format");
    t.wait_for("Reloaded.");
    let opened = std::fs::read_to_string(&log).expect("the editor ran");
    assert!(opened.trim_end().ends_with("examples/shop/format.nix"), "{opened}");
    // A function's definition opens at its line; `:lf` loads like `:l`.
    t.enter(&format!(":lf {}", funcs.display()));
    t.wait_for("Added 1 variable.");
    t.enter(":e double");
    let start = Instant::now();
    let opened = loop {
        t.settle();
        let opened = std::fs::read_to_string(&log).expect("the editor ran");
        if opened.lines().count() == 2 || start.elapsed() > Duration::from_secs(10) {
            break opened;
        }
    };
    assert!(opened.lines().last().unwrap_or_default().starts_with("+2 "), "{opened}");
    assert!(
        opened.lines().last().unwrap_or_default().ends_with("funcs.nix"),
        "{opened}"
    );
    t.enter(":e nosuchthing");
    t.wait_for("error: undefined variable 'nosuchthing'");
    // `:b` on a derivation names its .drv instead of building.
    t.enter(r#":b derivation { name = "hello"; builder = "/bin/sh"; system = "x86_64-linux"; }"#);
    t.wait_for("building is not supported here");
    // The path C++ Nix gives (nix-oracle).
    t.wait_for("/nix/store/x0sj6ynccvc1a8kxr8fifnlf7qlxw6hd-hello.drv");
    t.enter(":b 1");
    t.wait_for(":b needs a derivation, but '1' is an integer");
    // `:cd /PATH` is absolute, and completes from the root.
    t.enter(":cd cart");
    t.wait_for("shop:cart> ");
    t.type_text(":cd /cart.dis\t");
    assert!(t.cursor_line().contains(":cd /cart.discount"), "{}", t.screen());
    t.type_text("\r");
    t.wait_for("shop:cart.discount> ");
    t.enter(":cd /catalog");
    t.wait_for("shop:catalog> ");
    t.quit();
}

/// `:doc` on a builtin shows its whole documentation (the synopsis with
/// argument names, what it does, an example), reached as `builtins.X`,
/// as a global (`map`), by its bare name (`genList`), for `derivation`
/// (written in Nix) and for atom-eval's own `importAtom`.
#[test]
fn doc_shows_the_full_documentation_of_builtins() {
    let mut t = Term::start(&[], &[]);
    t.enter(":doc builtins.foldl'");
    t.wait_for("Synopsis: builtins.foldl' op nul list");
    t.wait_for("Folds `list` from the left");
    t.wait_for("builtins.foldl' (acc: x: acc + x) 0 [ 1 2 3 ]");
    t.wait_for("=> 6");
    t.enter(":doc map");
    t.wait_for("Synopsis: builtins.map f list");
    t.wait_for("map (x: \"v\" + x) [ \"1\" \"2\" ]");
    // A bare name that is no global, and a builtin written in Nix.
    t.enter(":doc genList");
    t.wait_for("Synopsis: builtins.genList generator length");
    t.enter(":doc derivation");
    t.wait_for("Synopsis: builtins.derivation attrs");
    t.wait_for("Describes a build");
    t.enter(":doc builtins.importAtom");
    t.wait_for("Synopsis: builtins.importAtom path");
    t.wait_for("adds this builtin; C++ Nix does not have it.");
    t.quit();
}
