{
  Greeting = "hi";
  Uses = mod.greeting;
  Deep = atom.sub.value;
  Fallback = mod.nothing or 0;
  Path = mod.outPath;
}
