{
  hidden = "private";
  Shown = "public";
}
