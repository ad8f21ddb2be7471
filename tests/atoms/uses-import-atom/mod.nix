# importAtom is for plain Nix files; inside an atom it is forbidden like import.
{
  Direct = builtins.importAtom ../../../examples/hello;
  TopLevel = __importAtom ../../../examples/hello;
  Tried = (builtins.tryEval (builtins.importAtom ../../../examples/hello)).success;
}
