//! The `atom-eval` command line: argument parsing ([`Cli`], and the
//! static tools' arguments in [`inspect`]) and the subcommands, on the
//! driver, the tools, the REPL and the language server. The binary
//! (`main.rs`) calls [`main`]; the library never prints, this layer does.

pub mod inspect;

use std::process::ExitCode;

use crate::driver::plain::{self, Arg, Input, Options, Output};
use crate::driver::{Driver, Settings};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "atom-eval",
    version,
    about = "A fast Nix evaluator with native support for atoms",
    long_about = "A fast Nix evaluator with native support for atoms.\n\n\
        It evaluates plain Nix as `nix-instantiate --eval` does, byte for byte, and composes \
        atoms: directories of Nix modules with a manifest (atom.toml), where every file sees \
        `mod`, `pre`, `atom`, `std` and `cfg` without imports or function headers.",
    after_help = "Examples:\n  \
        atom-eval eval --strict examples/hello      compose an atom, print its public view\n  \
        atom-eval eval examples/shop -A cart.total  one member, evaluating only what it needs\n  \
        atom-eval eval --strict -E '1 + 2'          a plain Nix expression\n  \
        atom-eval default.nix --json                short for `eval --strict default.nix --json`\n  \
        atom-eval repl examples/shop                explore an atom interactively\n\n\
        Colours are used when the output is a terminal and NO_COLOR is not set.",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate a Nix file or expression, like `nix-instantiate --eval`.
    Eval(EvalArgs),
    /// Explore an atom or a Nix file interactively, like `nix repl`.
    #[command(after_help = "In the REPL:\n  \
        <expr>             evaluate and print (one level deep, like nix repl)\n  \
        <x> = <expr>       bind a variable\n  \
        :p <expr>          print deeply        :t <expr>    type\n  \
        :l <path>          load a file or atom :r           reload\n  \
        :cd <module.path>  enter a module      :ls          list its members\n  \
        :doc <name>        documentation       :q           quit\n  \
        :e <name>          open in $EDITOR     :b <drv>     its .drv path (no building)\n  \
        :?                 all commands\n\n\
        TAB completes variables, attribute paths (atom.m0.<TAB>) and commands. An incomplete \
        expression continues on the next line. History is kept in \
        $XDG_DATA_HOME/atom-eval/repl-history (~/.local/share/atom-eval/repl-history).")]
    Repl(ReplArgs),
    /// List an atom's modules and members, without evaluating anything.
    Ls(inspect::LsArgs),
    /// Check an atom for every mistake that shows without evaluating.
    Check(inspect::CheckArgs),
    /// Show the doc comment of a member, a std function or a builtin.
    Doc(inspect::DocArgs),
    /// Print an atom's identity (its ID from the label and the git root commit).
    Id(inspect::IdArgs),
    /// Serve the Language Server Protocol on stdin/stdout, for editors.
    Lsp,
}

#[derive(clap::Args)]
struct ReplArgs {
    /// Add a search path entry for `<...>` lookups (`prefix=path` or `path`).
    #[arg(short = 'I', value_name = "PATH")]
    include: Vec<String>,
    /// The logical store directory (default: $NIX_STORE_DIR or /nix/store).
    #[arg(long, value_name = "DIR")]
    store_dir: Option<String>,
    /// Where store objects physically live (default: $XDG_CACHE_HOME/atom-eval,
    /// i.e. ~/.cache/atom-eval).
    #[arg(long, value_name = "DIR")]
    store_root: Option<std::path::PathBuf>,
    /// Stop an evaluation that holds more memory than SIZE (MiB, or with a
    /// unit: 512M, 4G; default: half the physical memory).
    #[arg(long, value_name = "SIZE", value_parser = engine::guard::parse_size)]
    max_memory: Option<usize>,
    /// An atom directory (holding atom.toml) or a Nix file to load first.
    #[arg(value_name = "ATOM_DIR | FILE.nix")]
    target: Option<String>,
}

#[derive(clap::Args)]
struct EvalArgs {
    /// Evaluate deeply, forcing every attribute and list element.
    #[arg(long)]
    strict: bool,
    /// Print the result as JSON.
    #[arg(long, conflicts_with = "raw")]
    json: bool,
    /// Print the result as XML (as `builtins.toXML`, with source positions).
    #[arg(long, conflicts_with_all = ["raw", "json"])]
    xml: bool,
    /// Print a string result without quotes or escapes.
    #[arg(long)]
    raw: bool,
    /// Select an attribute path of the result, e.g. `a.b.0.c`.
    #[arg(short = 'A', long = "attr", value_name = "PATH")]
    attr: Option<String>,
    /// Pass NAME = EXPR to a function result.
    #[arg(long, num_args = 2, value_names = ["NAME", "EXPR"], action = clap::ArgAction::Append)]
    arg: Vec<String>,
    /// Pass NAME = "STRING" to a function result.
    #[arg(long, num_args = 2, value_names = ["NAME", "STRING"], action = clap::ArgAction::Append)]
    argstr: Vec<String>,
    /// Add a search path entry for `<...>` lookups (`prefix=path` or `path`).
    #[arg(short = 'I', value_name = "PATH")]
    include: Vec<String>,
    /// The logical store directory (default: $NIX_STORE_DIR or /nix/store).
    #[arg(long, value_name = "DIR")]
    store_dir: Option<String>,
    /// Where store objects physically live, as in a Nix "chroot store".
    /// Atoms default to $XDG_CACHE_HOME/atom-eval (~/.cache/atom-eval);
    /// plain Nix defaults to a read-only store, as nix-instantiate --eval.
    #[arg(long, value_name = "DIR")]
    store_root: Option<std::path::PathBuf>,
    /// Write store objects (`"${./file}"`, `builtins.toFile`) to the user's
    /// store root, as nix-instantiate's option of that name lets it; atoms
    /// always do.
    #[arg(long)]
    read_write_mode: bool,
    /// Show the function calls an error passed through.
    #[arg(long)]
    show_trace: bool,
    /// Lift an atom's path rules and its pins' pure evaluation mode, so
    /// their code may read any file (for debugging; the result may then
    /// depend on this machine). Plain Nix is impure already, as with
    /// nix-instantiate.
    #[arg(long)]
    impure: bool,
    /// Fetchers use only what is already in the store or cached; anything
    /// else is an error naming what would be fetched.
    #[arg(long)]
    offline: bool,
    /// Set a Nix setting, as nix-instantiate: `abort-on-warn` (true/false),
    /// `max-call-depth` (a number), `pure-eval` and `restrict-eval`
    /// (true/false: plain Nix in C++ Nix's pure or restricted evaluation
    /// mode); others are warned about.
    #[arg(long = "option", num_args = 2, value_names = ["NAME", "VALUE"], action = clap::ArgAction::Append)]
    option: Vec<String>,
    /// Accepted for command lines written for C++ Nix: the one experimental
    /// language feature, `pipe-operators` (`|>`, `<|`), is always on here;
    /// `fetch-tree` or `flakes` adds `builtins.fetchTree`, `flakes` also
    /// `builtins.parseFlakeRef` and `builtins.flakeRefToString`.
    #[arg(long, value_name = "FEATURES", visible_alias = "experimental-features")]
    extra_experimental_features: Vec<String>,
    /// Stop with an error when the evaluation holds more memory than SIZE
    /// (MiB, or with a unit: 512M, 4G; default: half the physical memory).
    #[arg(long, value_name = "SIZE", value_parser = engine::guard::parse_size)]
    max_memory: Option<usize>,
    /// Evaluate EXPR instead of a file.
    #[arg(short = 'E', long = "expr", value_name = "EXPR", conflicts_with = "file")]
    expr: Option<String>,
    /// The file to evaluate.
    file: Option<String>,
}

/// The settings of `--option NAME VALUE` that atom-eval knows.
#[derive(Default)]
struct NixOptions {
    abort_on_warn: bool,
    max_call_depth: Option<usize>,
    pure_eval: bool,
    restrict_eval: bool,
}

impl NixOptions {
    /// The evaluation mode plain Nix runs in (pure wins, as in C++ Nix).
    fn mode(&self) -> crate::driver::plain::Mode {
        use crate::driver::plain::Mode;
        if self.pure_eval {
            Mode::Pure
        } else if self.restrict_eval {
            Mode::Restricted
        } else {
            Mode::Impure
        }
    }
}

impl NixOptions {
    /// Reads `NAME VALUE` pairs as nix-instantiate does: an unknown setting
    /// is a warning (`warning: unknown setting 'NAME'`), a bad value of a
    /// known one an error.
    fn parse(pairs: &[String]) -> Result<NixOptions, String> {
        let mut o = NixOptions::default();
        for pair in pairs.chunks(2) {
            let (name, value) = (pair[0].as_str(), pair.get(1).map(String::as_str).unwrap_or(""));
            let boolean = || match value {
                "true" | "yes" | "1" => Ok(true),
                "false" | "no" | "0" => Ok(false),
                _ => Err(format!("option '{name}' has invalid value '{value}'")),
            };
            match name {
                "abort-on-warn" => o.abort_on_warn = boolean()?,
                "max-call-depth" => {
                    o.max_call_depth = Some(
                        value
                            .parse()
                            .map_err(|_| format!("option '{name}' has invalid value '{value}'"))?,
                    )
                }
                "pure-eval" => o.pure_eval = boolean()?,
                "restrict-eval" => o.restrict_eval = boolean()?,
                _ => eprintln!("warning: unknown setting '{name}'"),
            }
        }
        Ok(o)
    }
}

/// Runs the command line on the process arguments.
pub fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    let argv = match shorthand(argv) {
        Ok(argv) => argv,
        Err(msg) => {
            eprintln!("error: {msg}");
            return ExitCode::from(2);
        }
    };
    crate::support::limits::quiet_on_closed_pipes();
    let cli = Cli::parse_from(argv);
    match cli.command {
        Command::Eval(args) => eval(args),
        Command::Repl(args) => repl(args),
        Command::Ls(args) => inspect(&args.atom, || inspect::ls(&args, use_color(&std::io::stdout()))),
        Command::Check(args) => inspect(&args.atom, || inspect::check(&args, use_color(&std::io::stderr()))),
        Command::Doc(args) if args.name.is_none() && inspect::is_atomless(&args.atom.to_string_lossy()) => {
            inspect::doc(&args, use_color(&std::io::stdout()))
        }
        Command::Doc(args) => inspect(&args.atom, || inspect::doc(&args, use_color(&std::io::stdout()))),
        Command::Id(args) => inspect(&args.atom, || inspect::id(&args, use_color(&std::io::stderr()))),
        Command::Lsp => match crate::lsp::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}

/// Runs a static tool on an atom, once the path has passed the checks that
/// give `eval` its helpful messages (close names, atoms inside a directory).
fn inspect(atom: &std::path::Path, run: impl FnOnce() -> ExitCode) -> ExitCode {
    if let Err(msg) = check_input_path(&atom.to_string_lossy()) {
        eprintln!("error: {msg}");
        return ExitCode::from(1);
    }
    run()
}

/// `atom-eval FILE.nix [FLAGS]` is short for `atom-eval eval --strict
/// FILE.nix [FLAGS]`, with every flag of `eval`; so is an atom directory.
/// Only for something that looks like a path: a mistyped subcommand
/// (`atom-eval evl`) gets clap's "did you mean" instead. An existing file
/// that is not Nix (`atom-eval README.md`) is refused with the command that
/// would evaluate it, rather than parsed.
fn shorthand(argv: Vec<String>) -> Result<Vec<String>, String> {
    let Some(first) = argv.get(1) else { return Ok(argv) };
    if first.starts_with('-') || first == "help" || is_subcommand(first) {
        return Ok(argv);
    }
    let path = std::path::Path::new(first);
    let evaluable = first.ends_with(".nix") || path.is_dir() || (!path.exists() && looks_like_path(first));
    if !evaluable {
        if path.exists() {
            let rest: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
            return Err(format!(
                "'{first}' is not a subcommand but a file\n  tip: to evaluate it, run: atom-eval eval {}",
                rest.join(" ")
            ));
        }
        return Ok(argv);
    }
    let mut out = vec![argv[0].clone(), "eval".into()];
    if !argv.iter().any(|a| a == "--strict") {
        out.push("--strict".into());
    }
    out.extend(argv[1..].iter().cloned());
    Ok(out)
}

fn is_subcommand(s: &str) -> bool {
    matches!(s, "eval" | "repl" | "ls" | "check" | "doc" | "id" | "lsp")
}

fn looks_like_path(s: &str) -> bool {
    s.contains('/') || s.ends_with(".nix") || s == "." || s == ".." || std::path::Path::new(s).exists()
}

/// Whether to colour what goes to a stream: only a terminal, and only when
/// `NO_COLOR` is unset or empty (<https://no-color.org>).
fn use_color(stream: &impl std::io::IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A guess at what a mistyped path meant: its first missing component
/// replaced by the closest name in the directory above, keeping the rest.
fn correct_path(path: &std::path::Path) -> Option<std::path::PathBuf> {
    use std::path::{Component, PathBuf};
    let mut base = PathBuf::new();
    let mut components = path.components();
    for c in components.by_ref() {
        let next = base.join(c.as_os_str());
        let exists = next.exists();
        if !exists {
            let Component::Normal(name) = c else { return None };
            let dir = if base.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                base.clone()
            };
            let names: Vec<String> = std::fs::read_dir(&dir)
                .ok()?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            let close = engine::suggest::suggest(&name.to_string_lossy(), names.iter().map(String::as_str));
            let guess = base.join(close.first()?);
            let guess = components.fold(guess, |p, rest| p.join(rest.as_os_str()));
            return guess.exists().then_some(guess);
        }
        base = next;
    }
    None
}

/// Checks a file or directory argument before evaluating it, so that the
/// usual mistakes get a clear message instead of an evaluation error: a
/// path that does not exist (with close names next to it), or a directory
/// that is neither an atom (`atom.toml`) nor a Nix file (`default.nix`).
fn check_input_path(arg: &str) -> Result<(), String> {
    let path = std::path::Path::new(arg);
    if path.is_dir() {
        if path.join("atom.toml").is_file() || path.join("default.nix").is_file() {
            return Ok(());
        }
        let atoms: Vec<String> = std::fs::read_dir(path)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter(|e| e.path().join("atom.toml").is_file())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let mut msg =
            format!("'{arg}' is a directory without atom.toml or default.nix, so it is neither an atom nor a Nix file");
        if atoms.is_empty() {
            msg.push_str(
                "\n  help: an atom is a directory holding atom.toml (its manifest) and mod.nix (its root module)",
            );
        } else {
            let mut atoms = atoms;
            atoms.sort();
            let shown: Vec<String> = atoms
                .iter()
                .map(|a| format!("{}/{a}", arg.trim_end_matches('/')))
                .collect();
            msg.push_str(&format!("\n  help: atoms inside it: {}", shown.join(", ")));
        }
        return Err(msg);
    }
    if path.exists() {
        return Ok(());
    }
    let mut msg = format!("path '{arg}' does not exist");
    if let Some(fixed) = correct_path(path) {
        msg.push_str(&format!("\n  help: did you mean '{}'?", fixed.display()));
    }
    Err(msg)
}

fn repl(args: ReplArgs) -> ExitCode {
    if let Some(t) = &args.target {
        if let Err(msg) = check_input_path(t) {
            eprintln!("error: {msg}");
            return ExitCode::from(1);
        }
    }
    crate::support::limits::install(args.max_memory, true);
    let opts = crate::repl::Options {
        target: args.target,
        include: args.include,
        store_dir: args.store_dir,
        store_root: args.store_root,
        color: use_color(&std::io::stdout()),
        ..Default::default()
    };
    match crate::support::run::on_big_stack(move || crate::repl::run(opts)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn eval(args: EvalArgs) -> ExitCode {
    if let (None, Some(f)) = (&args.expr, &args.file) {
        if let Err(msg) = check_input_path(f) {
            eprintln!("error: {msg}");
            return ExitCode::from(1);
        }
    }
    let color = use_color(&std::io::stderr());
    crate::support::limits::install(args.max_memory, false);
    if let (None, Some(f)) = (&args.expr, &args.file) {
        if std::path::Path::new(f).join("atom.toml").is_file() {
            return eval_atom(&args, f, color);
        }
    }
    let input = match (&args.expr, &args.file) {
        (Some(e), _) => Input::Expr(e.clone()),
        (None, Some(f)) => Input::File(f.clone()),
        (None, None) => Input::File("default.nix".into()),
    };
    let mut pairs = Vec::new();
    for chunk in args.arg.chunks(2) {
        pairs.push((chunk[0].clone(), Arg::Expr(chunk[1].clone())));
    }
    for chunk in args.argstr.chunks(2) {
        pairs.push((chunk[0].clone(), Arg::Str(chunk[1].clone())));
    }
    let opts = Options {
        strict: args.strict,
        output: if args.json {
            Output::Json
        } else if args.xml {
            Output::Xml
        } else if args.raw {
            Output::Raw
        } else {
            Output::Nix
        },
        attr_path: args.attr.clone(),
        args: pairs,
        mode: Default::default(),
    };
    let nix_options = match NixOptions::parse(&args.option) {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("error: {msg}");
            return ExitCode::from(1);
        }
    };
    let opts = Options {
        mode: nix_options.mode(),
        ..opts
    };
    let (include, store_dir, show_trace) = (args.include.clone(), args.store_dir.clone(), args.show_trace);
    let offline = args.offline;
    let feature = |name: &str| {
        args.extra_experimental_features
            .iter()
            .flat_map(|f| f.split_whitespace())
            .any(|f| f == name)
    };
    let flakes = feature("flakes");
    let fetch_tree = flakes || feature("fetch-tree");
    let store_root = args
        .store_root
        .clone()
        .or_else(|| args.read_write_mode.then(crate::driver::default_store_root).flatten());
    let result = crate::support::run::on_big_stack(move || {
        let settings = Settings {
            include,
            store_dir,
            store_root,
            show_trace,
            offline,
            fetch_tree,
            flakes,
            max_call_depth: nix_options.max_call_depth,
            abort_on_warn: nix_options.abort_on_warn,
            ..Default::default()
        };
        let mut ev = Driver::new(settings).ev;
        match plain::eval_and_print(&mut ev, &input, &opts) {
            Ok(out) => Ok((out, opts.output)),
            Err(e) => Err(crate::render(&ev.diagnostic(&e), color)),
        }
    });
    match result {
        Ok((out, output)) => {
            let mut stdout = std::io::stdout().lock();
            crate::support::limits::write_or_die(&mut stdout, &out);
            // The XML document ends in its own newline.
            if !matches!(output, Output::Raw | Output::Xml) {
                crate::support::limits::write_or_die(&mut stdout, b"\n");
            }
            ExitCode::SUCCESS
        }
        Err(rendered) => {
            eprintln!("{rendered}");
            crate::support::limits::failure_status()
        }
    }
}

/// `atom-eval eval ATOM_DIR [-A PATH]`: the atom's public view, or one
/// member, printed as `nix-instantiate --eval` prints values.
fn eval_atom(args: &EvalArgs, dir: &str, color: bool) -> ExitCode {
    let dir = dir.to_owned();
    let attr = args.attr.clone().unwrap_or_default();
    let (strict, json, raw, xml) = (args.strict, args.json, args.raw, args.xml);
    let (store_dir, store_root) = (args.store_dir.clone(), args.store_root.clone());
    let show_trace = args.show_trace;
    let (impure, offline) = (args.impure, args.offline);
    if impure {
        eprintln!("warning: --impure: the atom's path rules and its pins' pure evaluation mode are lifted; its result may depend on this machine");
    }
    let result = crate::support::run::on_big_stack(move || {
        let mut options = crate::Options::new()
            .show_trace(show_trace)
            .impure(impure)
            .offline(offline);
        if let Some(d) = store_dir {
            options = options.store_dir(d);
        }
        if let Some(r) = store_root {
            options = options.store_root(r);
        }
        let out = crate::Atom::open_with(&dir, options).and_then(|atom| {
            let v = atom.eval(&attr)?;
            if json {
                v.to_json()
            } else if xml {
                v.to_xml(strict)
            } else if raw {
                v.as_str()
            } else {
                v.to_nix(strict)
            }
        });
        out.map_err(|e| e.render(color))
    });
    match result {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            crate::support::limits::write_or_die(&mut stdout, out.as_bytes());
            if !raw && !xml {
                crate::support::limits::write_or_die(&mut stdout, b"\n");
            }
            ExitCode::SUCCESS
        }
        Err(rendered) => {
            eprintln!("{rendered}");
            crate::support::limits::failure_status()
        }
    }
}
