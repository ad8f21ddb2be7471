//! Embedding atom-eval in a Rust program: open an atom, read its manifest
//! and module tree without evaluating anything, then evaluate members and
//! deserialise them into Rust types.
//!
//! Run it from the repository root:
//!
//! ```sh
//! cargo run --example embed              # the example atom examples/hello
//! cargo run --example embed -- DIR       # any atom
//! ```

use std::path::PathBuf;

use atom_eval::{Atom, Options};

/// The public view of `examples/hello`, as a Rust struct. Fields that the
/// atom has but the struct does not are never evaluated.
#[derive(serde::Deserialize)]
struct Hello {
    greeting: String,
    audience: String,
}

fn main() -> miette::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/hello"));

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
    } else {
        println!("public names: {:?}", atom.public()?.names()?);
    }
    Ok(())
}
