# exp-json
builtins.fromTOML ''
  title = "TOML example"
  int = 42
  negative = -17
  hex = 0xff
  oct = 0o17
  bin = 0b101
  under = 1_000
  float = 3.5
  exp = 5e+2
  bool = true
  "quoted key" = "v"
  literal = 'C:\path'
  multi = """
  line1
  line2"""
  arr = [ 1, 2, 3 ]
  nested_arr = [ [ 1, 2 ], [ "a", "b" ] ]
  inline = { x = 1, y = { z = "deep" } }
  dotted.key = "dk"

  [table]
  a = "b"

  [table.sub]
  c = 1

  [[products]]
  name = "Hammer"
  sku = 738594937

  [[products]]

  [[products]]
  name = "Nail"
  color = "gray"
''
