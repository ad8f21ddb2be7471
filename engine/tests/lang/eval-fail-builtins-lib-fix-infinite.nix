# A fixpoint that depends on itself strictly is an infinite recursion.
let
  fix = f: let x = f x; in x;
in
(fix (self: { a = self.a + 1; })).a
