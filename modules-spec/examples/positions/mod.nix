# Positions as values name each file's lone copy in the store, as the
# reference composer evaluates it, so they do not depend on where the atom
# is on the host.
{
  Here = __curPos;
  Attr = builtins.unsafeGetAttrPos "x" { x = 1; };
}
