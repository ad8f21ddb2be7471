# Only what is reached is read: broken.nix (a syntax error) and the
# private submodule unused/ (whose mod.nix is a syntax error) are members,
# but nothing forces them, so they are never parsed.
{
  Reached = mod.ok;
  NotForced = builtins.length [ mod.throws ];
}
