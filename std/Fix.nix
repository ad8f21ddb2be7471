/**
  The least fixed point of a function: `fix f` is `x` such that `x = f x`,
  computed lazily. Useful for sets whose attributes refer to each other.

  # Example

  ```nix
  fix (self: { a = 1; b = self.a + 1; })
  => { a = 1; b = 2; }
  ```

  # Type

  ```
  fix :: (a -> a) -> a
  ```

  # Arguments

  f
  : A function that receives its own result.
*/
f:
let
  x = f x;
in
x
