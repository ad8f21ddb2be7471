//! The subcommands `ls`, `check`, `doc` and `id`: arguments and entry
//! points. Each returns the process exit status: 0, 1 when it found or hit
//! an error.

use std::path::PathBuf;
use std::process::ExitCode;

/// `atom-eval ls`.
#[derive(clap::Args, Debug)]
pub struct LsArgs {
    /// The atom directory (holding atom.toml).
    #[arg(value_name = "ATOM_DIR")]
    pub atom: PathBuf,
    /// The module to list, by path (`cart.discount`); default the root.
    #[arg(value_name = "MODULE.PATH")]
    pub module: Option<String>,
    /// Print JSON for tools.
    #[arg(long)]
    pub json: bool,
    /// Parse every `mod.nix` again instead of reusing facts cached by
    /// earlier runs.
    #[arg(long)]
    pub no_cache: bool,
}

/// `atom-eval check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The atom directory (holding atom.toml).
    #[arg(value_name = "ATOM_DIR")]
    pub atom: PathBuf,
    /// Print the findings as JSON for tools.
    #[arg(long)]
    pub json: bool,
    /// Parse every file again instead of reusing facts cached by earlier
    /// runs.
    #[arg(long)]
    pub no_cache: bool,
}

/// `atom-eval doc`.
#[derive(clap::Args, Debug)]
pub struct DocArgs {
    /// The atom directory (holding atom.toml); not needed for `std...` and
    /// `builtins...` (`atom-eval doc std.string`).
    #[arg(value_name = "ATOM_DIR")]
    pub atom: PathBuf,
    /// A member (`cart.total`), a module (`cart`: its members), `std` (what
    /// it holds), a std function (`std.set.merge`) or a builtin
    /// (`builtins.map`).
    #[arg(value_name = "NAME.PATH")]
    pub name: Option<String>,
    /// Markdown reference pages for the atom's whole public API.
    #[arg(long)]
    pub all: bool,
    /// With --all: write one page per module into this directory instead
    /// of printing them.
    #[arg(long, value_name = "DIR", requires = "all")]
    pub out: Option<PathBuf>,
    /// Print JSON for tools.
    #[arg(long)]
    pub json: bool,
}

/// `atom-eval id`.
#[derive(clap::Args, Debug)]
pub struct IdArgs {
    /// The atom directory (holding atom.toml), inside a git repository.
    #[arg(value_name = "ATOM_DIR")]
    pub atom: PathBuf,
    /// Print JSON for tools.
    #[arg(long)]
    pub json: bool,
}

fn fail(e: &crate::Error, color: bool) -> ExitCode {
    eprintln!("{}", e.render(color));
    ExitCode::from(1)
}

/// The fact cache of the atom in `dir`, unless turned off.
fn cache(dir: &std::path::Path, off: bool) -> crate::atom::cache::FactCache {
    if off {
        crate::atom::cache::FactCache::uncached()
    } else {
        crate::atom::cache::FactCache::open(dir, None)
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("plain data serialises")
}

/// What a command printed, as kept in the cache for an unchanged atom.
#[derive(serde::Serialize, serde::Deserialize)]
struct Printed {
    stdout: String,
    stderr: String,
    status: u8,
}

impl Printed {
    fn show(&self) -> ExitCode {
        use std::io::Write;
        let _ = std::io::stdout().lock().write_all(self.stdout.as_bytes());
        let _ = std::io::stderr().lock().write_all(self.stderr.as_bytes());
        ExitCode::from(self.status)
    }
}

/// Runs `command` with the atom's cache, or shows what it printed last
/// time if nothing it read has changed since. `name` says everything else
/// the output depends on (the arguments as given, colour).
fn cached_run(
    dir: &std::path::Path,
    off: bool,
    name: String,
    whole: bool,
    command: impl FnOnce(&crate::atom::cache::FactCache) -> Result<Printed, ExitCode>,
) -> ExitCode {
    let cache = cache(dir, off);
    if let Some(printed) = cache
        .output(&name)
        .and_then(|b| postcard::from_bytes::<Printed>(b).ok())
    {
        let status = printed.show();
        exiting(cache);
        return status;
    }
    let status = match command(&cache) {
        Ok(printed) => {
            if let Ok(bytes) = postcard::to_stdvec(&printed) {
                cache.set_output(&name, bytes);
            }
            cache.save(whole);
            let status = printed.show();
            exiting(printed);
            status
        }
        Err(status) => status,
    };
    exiting(cache);
    status
}

/// Runs `atom-eval ls`.
pub fn ls(args: &LsArgs, color: bool) -> ExitCode {
    let path: Vec<String> = args
        .module
        .iter()
        .flat_map(|m| m.split('.'))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let name = format!("ls {:?} {path:?} json={} color={color}", args.atom, args.json);
    // Member files are not looked at: their entries are kept.
    cached_run(
        &args.atom,
        args.no_cache,
        name,
        false,
        |cache| match crate::tools::ls::list(&args.atom, &path, cache) {
            Ok(listing) => {
                let stdout = if args.json {
                    json(&listing) + "\n"
                } else {
                    crate::tools::ls::render(&listing, color)
                };
                exiting(listing);
                Ok(Printed {
                    stdout,
                    stderr: String::new(),
                    status: 0,
                })
            }
            Err(e) => Err(fail(&e, color)),
        },
    )
}

/// Drops nothing: the process exits right after, and freeing a big atom's
/// thousands of small values one by one was a sixth of a cached run.
fn exiting<T>(value: T) {
    std::mem::forget(value);
}

/// Runs `atom-eval check`: exit 1 when any error is found.
pub fn check(args: &CheckArgs, color: bool) -> ExitCode {
    let name = format!("check {:?} json={} color={color}", args.atom, args.json);
    cached_run(&args.atom, args.no_cache, name, true, |cache| {
        let report = crate::tools::check::check(&args.atom, cache);
        let (stdout, stderr) = if args.json {
            let findings: Vec<_> = report
                .findings
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "severity": if f.severity == crate::tools::check::Severity::Error { "error" } else { "warning" },
                        "rule": f.rule,
                        "message": f.message,
                        "file": f.file.as_ref().map(|(p, _)| p.strip_prefix(&args.atom).unwrap_or(p).display().to_string()),
                        "span": f.span.as_ref().map(|s| [s.start, s.end]),
                        "help": f.help,
                    })
                })
                .collect();
            (json(&findings) + "\n", String::new())
        } else {
            (String::new(), report.render(&args.atom, color))
        };
        let status = if report.errors() > 0 { 1 } else { 0 };
        exiting(report);
        Ok(Printed { stdout, stderr, status })
    })
}

/// Runs `atom-eval doc`.
pub fn doc(args: &DocArgs, color: bool) -> ExitCode {
    if args.all {
        let pages = match crate::tools::doc::pages(&args.atom) {
            Ok(p) => p,
            Err(e) => return fail(&e, color),
        };
        if args.json {
            let map: std::collections::BTreeMap<_, _> = pages.into_iter().collect();
            println!("{}", json(&map));
            return ExitCode::SUCCESS;
        }
        match &args.out {
            Some(dir) => {
                if let Err(e) = std::fs::create_dir_all(dir) {
                    eprintln!("error: cannot create '{}': {e}", dir.display());
                    return ExitCode::from(1);
                }
                for (file, page) in &pages {
                    if let Err(e) = std::fs::write(dir.join(file), page) {
                        eprintln!("error: cannot write '{}': {e}", dir.join(file).display());
                        return ExitCode::from(1);
                    }
                }
                println!("wrote {} page(s) to {}", pages.len(), dir.display());
            }
            None => {
                for (_, page) in &pages {
                    println!("{page}");
                }
            }
        }
        return ExitCode::SUCCESS;
    }
    let (atom, name) = match (args.name.as_deref(), args.atom.to_str()) {
        (Some(name), _) => (Some(args.atom.as_path()), name),
        (None, Some(name)) if is_atomless(name) => (None, name),
        // The atom alone: its public members.
        (None, _) => (Some(args.atom.as_path()), ""),
    };
    match crate::tools::doc::lookup(atom, name) {
        Ok(text) if args.json => {
            println!("{}", json(&serde_json::json!({ "name": name, "doc": text })));
            ExitCode::SUCCESS
        }
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

/// Whether `doc`'s one argument is a name that needs no atom (`std`,
/// `std.string`, `builtins.map`) rather than an atom directory (a
/// directory named `std` is given as `./std`).
pub fn is_atomless(arg: &str) -> bool {
    matches!(arg.split('.').next(), Some("std" | "builtins"))
}

/// Runs `atom-eval id`.
pub fn id(args: &IdArgs, color: bool) -> ExitCode {
    match crate::tools::id::identify(&args.atom) {
        Ok(identity) if args.json => {
            println!("{}", json(&identity));
            ExitCode::SUCCESS
        }
        Ok(identity) => {
            print!("{}", crate::tools::id::render(&identity));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e, color),
    }
}
