# exp-json
# Integers beyond the signed 64-bit range that are negative, or written with
# many digits, become floats; huge exponents are an error (see fail cases).
[
  (builtins.fromJSON "123456789012345678901234567890")
  (builtins.typeOf (builtins.fromJSON "123456789012345678901234567890"))
  (builtins.fromJSON "-9223372036854775809")
  (builtins.fromJSON "1e308")
  (builtins.fromJSON "0.1")
  (builtins.fromJSON "1.7976931348623157e308")
]
