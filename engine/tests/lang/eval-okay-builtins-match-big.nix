# Within the limit of 100,000 NFA states.
builtins.match "[ab]{40000}" "ab"
