{
  # Wrong: ./data.txt is /nix/store/data.txt. Use "${mod}/data.txt".
  Data = builtins.readFile ./data.txt;
}
