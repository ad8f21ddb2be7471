{
  int = builtins.typeOf 1;
  float = builtins.typeOf 1.5;
  string = builtins.typeOf "s";
  path = builtins.typeOf ./.;
  bool = builtins.typeOf false;
  null = builtins.typeOf null;
  list = builtins.typeOf [ ];
  set = builtins.typeOf { };
  lambda = builtins.typeOf (x: x);
  primop = builtins.typeOf builtins.add;
  primop-app = builtins.typeOf (builtins.add 1);
  functor = builtins.typeOf { __functor = s: x: x; };
  derivation = builtins.typeOf (derivation { name = "x"; system = "x"; builder = "x"; });
}
