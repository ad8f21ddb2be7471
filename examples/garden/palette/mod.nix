{
  Colours = [ "red" "yellow" "blue" ];
  # The colour of bed `n`, round and round the palette.
  Pick = n: let len = std.length mod.colours; in std.elemAt mod.colours (n - (n / len) * len);
}
