# Dates fail even when nested.
builtins.fromTOML "[t]\nd = [ 1979-05-27 ]"
