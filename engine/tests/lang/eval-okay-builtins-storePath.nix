# Under --eval (read-only store) storePath does not check validity; the result
# carries the store path (not the sub-path) as context.
let
  p = builtins.storePath "/nix/store/00000000000000000000000000000000-nonexistent";
  sub = builtins.storePath "/nix/store/00000000000000000000000000000000-nonexistent/sub/file";
in
[
  (builtins.typeOf builtins.storePath)
  p
  (builtins.getContext p)
  sub
  (builtins.getContext sub)
  (builtins.storePath /nix/store/00000000000000000000000000000000-as-path)
]
