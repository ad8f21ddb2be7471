# A `rec` set literal merges into a set made by an attribute path, before or
# after it; merged into one, its bindings are not recursive.
{
  before = { a.c = 2; a = rec { b = 1; }; };
  after = { a = rec { b = 1; d = b; }; a.c = 2; };
  inLet = let a.b = 1; a = rec { c = 2; }; in a;
}
