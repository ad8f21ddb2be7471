# exp-json
# fromTOML values: number forms and limits, special floats, strings of every
# kind, keys, tables of arrays and nesting.
builtins.fromTOML ''
  max = 9223372036854775807
  min = -9223372036854775808
  hexmax = 0x7fffffffffffffff
  big_under = 1_000_000_000_000_000_000
  plus = +42
  zero = -0
  floats = [ 0.1, 1e22, -0.0, 1_000.5, 6.626e-34, +1.5, 5E+2 ]
  special = [ inf, -inf, +inf ]
  mixed = [ 1, "x", [ ], { } ]
  basic = "tab\there \"quoted\" \\ \u00e9 \U0001F600"
  literal = 'no \escapes'
  ml = """
  first \
      joined
  last"""
  "quoted.key" = 1
  'literal key' = 2
  a.b.c = 3
  a.b.d = 4
  "" = "empty key"
  [x.y]
  z = true
  [[x.list]]
  n = 1
  [[x.list]]
  n = 2
  [x.list.sub]
  deep = "in last element"
''
