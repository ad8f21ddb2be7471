{
  Text = builtins.readFile "${mod}/data.txt";
}
