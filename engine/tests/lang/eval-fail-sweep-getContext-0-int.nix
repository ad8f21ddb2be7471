builtins.getContext 1
