# Private member (lowercase file name): only `mod.salutation` inside the atom.
"Hello"
