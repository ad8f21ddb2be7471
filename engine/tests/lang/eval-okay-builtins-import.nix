[
  (import ./fixtures/import/simple.nix)
  (import ./fixtures/import/function.nix { a = "A"; })
  (import ./fixtures/import/function.nix { a = "A"; b = "B"; })
  (import ./fixtures/import/relative.nix).sibling.answer
  (import ./fixtures/import/relative.nix).self
  (import ./fixtures/import/relative.nix).dir
  # importing a directory imports its default.nix
  (import ./fixtures/import)
  (import (toString ./fixtures/import/simple.nix)).answer
  (builtins.import ./fixtures/import/simple.nix).list
  # imports are cached and equal
  (import ./fixtures/import/simple.nix == import ./fixtures/import/simple.nix)
]
