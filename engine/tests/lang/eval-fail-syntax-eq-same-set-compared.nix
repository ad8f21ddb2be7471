# The operands of == are compared member by member even when they are the
# same set: its members are evaluated.
let b = { a = throw "members are compared"; }; c = b; in b == c
