# `builtins.currentSystem` is not there at all: std (and so `builtins`)
# leaves out every impure builtin.
{ System = builtins.currentSystem; }
