builtins.storePath "/etc/passwd"
