# Root module. Public names come from the manifest (`cfg`); `format` is a
# private helper (format.nix) that submodules reach as `pre.format` or
# `pre.pre.format`.
{
  /** The shop's name: the manifest's label. */
  Name = cfg.package.label;
  /** The shop's version, from the manifest. */
  Version = cfg.package.version;
  /** The manifest's description. */
  Description = cfg.package.meta.description;
  # The data directory in the root's store copy ("${mod}": atom.toml and
  # templates/, but no .nix file and neither Catalog/ nor Cart/). The root
  # copy's own path is not printed: it would hash this atom's
  # expected.out.
  /** The names of the text templates in `templates/`. */
  Templates = builtins.attrNames (builtins.readDir "${mod}/templates");
}
