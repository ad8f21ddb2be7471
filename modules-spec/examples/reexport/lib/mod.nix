{
  Inner = mod.inner;
  Util = mod.util;
  # A private member of the parent, through `pre`.
  Parent = pre.when;
}
