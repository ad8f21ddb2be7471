{
  Data = builtins.readFile "${mod}/data.txt";
}
