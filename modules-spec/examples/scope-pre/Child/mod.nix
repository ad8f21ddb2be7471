{
  Depth = pre.depth + 1;
  # Children see the parent's private names.
  Secret = pre.secret;
  childSecret = "child secret";
}
