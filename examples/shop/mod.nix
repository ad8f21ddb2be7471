# Root module. Public names come from the manifest (`cfg`); `format` is a
# private helper (format.nix) that submodules reach as `pre.format` or
# `pre.pre.format`.
{
  Name = cfg.package.label;
  Version = cfg.package.version;
  Description = cfg.package.meta.description;
  # The data directory in the root's store copy ("${mod}": atom.toml and
  # templates/, but no .nix file and neither Catalog/ nor Cart/). The root
  # copy's own path is not printed: it would hash this atom's
  # expected.out.
  Templates = builtins.attrNames (builtins.readDir "${mod}/templates");
}
