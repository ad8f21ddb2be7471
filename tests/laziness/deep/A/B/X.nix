# The deep member: it reaches a private sibling, and nothing else.
"x+" + mod.helper
