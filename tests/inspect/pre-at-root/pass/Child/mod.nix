{
  FromParent = pre.value;
}
