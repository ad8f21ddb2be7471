# The re-export idiom at several depths: private submodules (`lib/`) and
# files (`when.nix`) published under their own names by `mod.nix`.
{
  Lib = mod.lib;
  When = mod.when;
  # `mod.lib` is the private module's public view; `atom.lib` the same value.
  Same = atom.lib.inner.core.answer == mod.lib.inner.core.answer;
}
