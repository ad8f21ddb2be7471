{ pkgs }:
{ Value = 1; }
