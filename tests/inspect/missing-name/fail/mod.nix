{
  Greeting = "hi";
  Uses = mod.greting;
  Deep = atom.sub.vlaue;
  Private = atom.secret;
}
