# set.when: the set or the empty set.
let std = import ../composer/compose.nix { } ../../std; in
{
  yes = { a = 1; } // std.set.when true { b = 2; };
  no = { a = 1; } // std.set.when false { b = 2; };
  lazy = std.set.when false (throw "not forced");
}
