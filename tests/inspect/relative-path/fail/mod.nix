{
  Text = builtins.readFile ./data.txt;
}
