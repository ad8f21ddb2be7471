//! Embedding atom-eval in a Rust program: open an atom, read its manifest
//! and module tree without evaluating anything, evaluate members and
//! deserialise them into Rust types, pass Rust data to a Nix function, tell
//! a private member from a missing one, and serve evaluations to other
//! threads from a dedicated evaluation thread (values are not `Send`).
//!
//! Run it from the repository root:
//!
//! ```sh
//! cargo run --example embed              # the example atom examples/hello
//! cargo run --example embed -- DIR       # any atom
//! ```

use std::path::PathBuf;
use std::sync::mpsc;

use atom_eval::{Atom, ErrorKind, Options};

/// The public view of `examples/hello`, as a Rust struct. Fields that the
/// atom has but the struct does not are never evaluated.
#[derive(serde::Deserialize)]
struct Hello {
    greeting: String,
    audience: String,
}

/// A Rust argument for a Nix function.
#[derive(serde::Serialize)]
struct Visitor {
    name: String,
    times: u32,
}

/// A request to the evaluation thread: an attribute path, and where to
/// send the member as JSON.
type Request = (String, mpsc::Sender<Result<String, String>>);

fn main() -> miette::Result<()> {
    let dir = std::env::args_os().nth(1).map(PathBuf::from).unwrap_or_else(hello_dir);
    run(dir)
}

/// The example atom `examples/hello`.
fn hello_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/hello")
}

fn run(dir: PathBuf) -> miette::Result<()> {
    // Warnings and traces go wherever the host wants them.
    let options = Options::new()
        .warn_sink(|m| eprintln!("[atom warning] {m}"))
        .max_call_depth(5_000);
    let atom = Atom::open_with(&dir, options)?;

    // Static information: no Nix is evaluated for these.
    let manifest = atom.manifest();
    println!("atom {} {}", manifest.label(), manifest.version());
    let root = atom.modules()?;
    for member in root.members() {
        let visibility = if member.is_public() { "public" } else { "private" };
        println!("  {:<12} {visibility:<8} {}", member.name(), member.file().display());
    }

    // Evaluate one member, then read a whole struct out of the public view.
    if manifest.label() == "hello" {
        let shout = atom.eval("shout")?;
        println!("shout = {}", shout.as_str()?);
        let hello: Hello = atom.deserialize("")?;
        println!("{} -> greeting {:?}", hello.audience, hello.greeting);
        println!("json = {}", atom.eval_json("")?);

        // Rust data into Nix: call a function with a struct argument.
        let greet = atom
            .nix()
            .eval_expr(r#"v: builtins.concatStringsSep " " (builtins.genList (_: "hi ${v.name}") v.times)"#)?;
        let visitor = atom.to_value(&Visitor {
            name: hello.audience.clone(),
            times: 2,
        })?;
        println!("call = {}", greet.call(&visitor)?.as_str()?);

        // A private member is an error of its own kind, with the way in.
        let err = atom.eval("punctuation").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Private);
        println!("private: {err}");
    } else {
        println!("public names: {:?}", atom.public()?.names()?);
    }

    // Threads: an atom stays on the thread that opened it, so a
    // multi-threaded tool gives one thread the atom and sends it requests.
    let (requests, inbox) = mpsc::channel::<Request>();
    let evaluator = std::thread::spawn(move || -> Result<(), String> {
        let atom = Atom::open(&dir).map_err(|e| e.to_string())?;
        for (path, reply) in inbox {
            let _ = reply.send(atom.eval_json(&path).map_err(|e| e.to_string()));
        }
        Ok(())
    });
    let (reply, answer) = mpsc::channel();
    requests
        .send((String::new(), reply))
        .expect("the evaluation thread is running");
    match answer.recv() {
        Ok(json) => println!(
            "from the evaluation thread: {}",
            json.unwrap_or_else(|e| format!("error: {e}"))
        ),
        Err(_) => println!("the evaluation thread stopped early"),
    }
    drop(requests);
    if let Ok(Err(e)) = evaluator.join() {
        println!("the evaluation thread failed: {e}");
    }
    Ok(())
}

/// `cargo test` runs the whole example on `examples/hello`.
#[test]
fn the_example_runs() {
    run(hello_dir()).expect("the example runs");
}
