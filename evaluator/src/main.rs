//! The `atom-eval` binary. The command line is a layer of the library
//! (`atom_eval::__bin`, hidden: not part of the embedding API), so that
//! the library's internals stay private; this file picks the allocator
//! and runs it.

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: atom_eval::__bin::Allocator = atom_eval::__bin::Allocator;

fn main() -> ExitCode {
    atom_eval::__bin::main()
}
