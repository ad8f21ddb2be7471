# <x> is sugar for `__findFile __nixPath "x"`, both looked up in scope.
let
  __nixPath = [ { prefix = "fx"; path = toString ./fixtures; } ];
in
[ <fx/a.txt> (builtins.readFile <fx/a.txt>) ]
