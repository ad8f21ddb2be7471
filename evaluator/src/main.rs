//! The `atom-eval` command line.

use std::io::Write;
use std::process::ExitCode;

use atom_eval::plain::{self, Arg, Input, Options, Output};
use clap::{Parser, Subcommand};

#[global_allocator]
static GLOBAL: atom_eval::alloc::Allocator = atom_eval::alloc::Allocator;

#[derive(Parser)]
#[command(
    name = "atom-eval",
    version,
    about = "A fast Nix evaluator with native support for atoms"
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
    Repl(ReplArgs),
}

#[derive(clap::Args)]
struct ReplArgs {
    /// Add a search path entry for `<...>` lookups (`prefix=path` or `path`).
    #[arg(short = 'I', value_name = "PATH")]
    include: Vec<String>,
    /// The logical store directory (default: $NIX_STORE_DIR or /nix/store).
    #[arg(long, value_name = "DIR")]
    store_dir: Option<String>,
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
    /// Evaluate EXPR instead of a file.
    #[arg(short = 'E', long = "expr", value_name = "EXPR", conflicts_with = "file")]
    expr: Option<String>,
    /// The file to evaluate.
    file: Option<String>,
}

fn main() -> ExitCode {
    // `atom-eval FILE.nix` is short for `atom-eval eval --strict FILE.nix`.
    let mut argv: Vec<String> = std::env::args().collect();
    if argv.len() == 2 && !argv[1].starts_with('-') && argv[1] != "help" && !is_subcommand(&argv[1]) {
        argv = vec![argv[0].clone(), "eval".into(), "--strict".into(), argv[1].clone()];
    }
    let cli = Cli::parse_from(argv);
    match cli.command {
        Command::Eval(args) => eval(args),
        Command::Repl(args) => repl(args),
    }
}

fn is_subcommand(s: &str) -> bool {
    matches!(s, "eval" | "repl")
}

fn repl(args: ReplArgs) -> ExitCode {
    use std::io::IsTerminal;
    let opts = atom_eval::repl::Options {
        target: args.target,
        include: args.include,
        store_dir: args.store_dir,
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        ..Default::default()
    };
    match atom_eval::run::on_big_stack(move || atom_eval::repl::run(opts)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn eval(args: EvalArgs) -> ExitCode {
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
        } else if args.raw {
            Output::Raw
        } else {
            Output::Nix
        },
        attr_path: args.attr.clone(),
        args: pairs,
        include: args.include.clone(),
        store_dir: args.store_dir.clone(),
        store_root: None,
    };
    let result = atom_eval::run::on_big_stack(move || {
        let mut ev = plain::builder(&opts).build();
        match plain::eval_and_print(&mut ev, &input, &opts) {
            Ok(out) => Ok((out, opts.output)),
            Err(e) => Err(format!("{:?}", miette::Report::new(ev.diagnostic(&e)))),
        }
    });
    match result {
        Ok((out, output)) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(&out);
            if output != Output::Raw {
                let _ = stdout.write_all(b"\n");
            }
            ExitCode::SUCCESS
        }
        Err(rendered) => {
            eprintln!("error: {rendered}");
            ExitCode::from(1)
        }
    }
}
