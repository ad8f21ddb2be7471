# whole-message
# Builtins suggest no names for a missing attribute (a selection does).
builtins.getAttr "y" { x = 1; yy = 2; }
