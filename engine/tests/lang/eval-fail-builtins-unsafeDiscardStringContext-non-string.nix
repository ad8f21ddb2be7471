builtins.unsafeDiscardStringContext [ ]
