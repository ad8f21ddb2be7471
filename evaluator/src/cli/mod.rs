//! The command line's subcommand arguments and entry points (the binary's
//! own layer; the library never prints).

pub mod inspect;
