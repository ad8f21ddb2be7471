# Naive doubly-recursive Fibonacci: measures function calls, integer
# arithmetic and comparisons (about 2.7 million calls for fib 30).
let
  fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2);
in
fib 30
