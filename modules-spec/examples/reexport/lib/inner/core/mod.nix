# `pre.pre` walks through re-exported modules to the root module's `mod`.
{
  Answer = pre.pre.util.twice 21;
  Root = pre.pre.pre.when;
  Chain = "${pre.pre.pre.when}-${toString (pre.pre.util.twice 1)}";
}
