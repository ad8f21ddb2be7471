# string.toUpper: alias of toUpperCase.
let std = import ../composer/compose.nix { } ../../std; in
[ (std.string.toUpper "FooBar") ]
