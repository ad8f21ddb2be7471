builtins.toXML {
  int = 42;
  neg = -1;
  float = 1.5;
  string = "str <&> \"quoted\" 'single'";
  bool = true;
  f = false;
  null = null;
  list = [ 1 "two" [ ] ];
  emptyset = { };
  path = /some/path;
  lambda = x: x;
  lambdaSet = { a, b ? 1, ... }: a;
  lambdaSetAt = args@{ a }: a;
  lambdaNoEllipsis = { x }: x;
  primop = builtins.add;
  nested = { a.b = "c"; };
}
