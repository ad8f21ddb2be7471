{
  Parent = pre.value;
}
