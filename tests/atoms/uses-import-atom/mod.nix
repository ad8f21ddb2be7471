# importAtom is for plain Nix files; inside an atom it is forbidden like
# import: the top-level name throws, and std (so `builtins`) lacks it.
{
  Direct = __importAtom ../../../examples/hello;
  Absent = builtins ? importAtom;
  Tried = (builtins.tryEval (__importAtom ../../../examples/hello)).success;
}
