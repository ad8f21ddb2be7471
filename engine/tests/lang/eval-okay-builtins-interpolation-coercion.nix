# String interpolation is stricter than toString: only strings, paths and sets with outPath/__toString.
# An interpolated path is copied to the store.
[
  "${"s"}"
  "${./fixtures/a.txt}"
  "${{ outPath = "op"; }}"
  "${{ __toString = self: "ts"; }}"
  "${toString 1}"
  (builtins.typeOf "${./fixtures/a.txt}")
]
