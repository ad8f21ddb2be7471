# Symlinks and directories going into the store: interpolation keeps a
# symlink as a symlink, builtins.path follows it, flat hashing reads its target.
[
  "${./fixtures/dir/link}"
  (builtins.path { path = ./fixtures/dir/link; })
  (builtins.path { path = ./fixtures/dir/link; recursive = false; })
  "${./fixtures/dir}"
  "${./fixtures/dir/sub}"
  (builtins.filterSource (p: t: t == "directory" || t == "regular") ./fixtures/dir)
  (builtins.getContext "${./fixtures/dir}")
]
