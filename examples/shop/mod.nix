# Root module. Public names come from the manifest (`cfg`); `format` is a
# private helper (format.nix) that submodules reach as `pre.format` or
# `pre.pre.format`.
{
  Name = cfg.package.label;
  Version = cfg.package.version;
  Description = cfg.package.meta.description;
  # The root's store copy: atom.toml and templates/, but no .nix file and
  # neither Catalog/ nor Cart/ (they are submodules).
  Files = builtins.attrNames (builtins.readDir "${mod}");
}
