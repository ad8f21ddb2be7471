/**
  Functions on paths. In a module, `std.path` is also callable as
  `builtins.path` (std merges this set over the builtin).
*/
{ }
