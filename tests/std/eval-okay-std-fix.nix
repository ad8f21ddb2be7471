# fix: fixed point; self-referencing sets and a lazy list.
let std = import ../composer/compose.nix { } ../../std; in
{
  set = std.fix (self: { a = 1; b = self.a + 1; c = self.b * 10; });
  ones = builtins.elemAt (std.fix (self: { xs = [ 1 ] ++ [ (builtins.head self.xs) ]; })).xs 1;
}
