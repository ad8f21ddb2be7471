{
  Passwd = builtins.readFile /etc/passwd;
  Profile = builtins.readFile ~/.profile;
  Pkgs = <nixpkgs>;
}
