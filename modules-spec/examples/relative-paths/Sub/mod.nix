{
  FromSub = ./data.txt;
}
