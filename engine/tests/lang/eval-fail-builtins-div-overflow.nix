# The single overflowing integer division: min-int / -1.
builtins.div (-9223372036854775807 - 1) (-1)
