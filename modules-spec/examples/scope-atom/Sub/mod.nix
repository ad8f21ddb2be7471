{
  # `atom` is the root's public view: public names only.
  SeesShown = atom.shown;
  SeesHidden = atom ? hidden;
  SeesItself = atom.sub ? seesShown;
  RootNames = builtins.attrNames atom;
  subPrivate = 1;
}
