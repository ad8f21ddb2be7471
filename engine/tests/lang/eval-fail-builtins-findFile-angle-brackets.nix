# <...> desugars to findFile on builtins.nixPath, which is empty here.
<nixpkgs>
