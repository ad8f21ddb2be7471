{
  Depth = pre.depth + 1;
  FromGrandparent = pre.pre.secret;
  FromParent = pre.childSecret;
  # `mod.pre` is `pre`; the root module has no `pre`.
  PreChain = [ (mod.pre ? pre) (mod.pre.pre ? pre) ];
}
