''
  a''$b
  c'''d
  e''\nf
  g''\th
  ${"i"}
''
