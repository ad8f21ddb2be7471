builtins.addErrorContext "while doing the outer thing" (builtins.addErrorContext "while doing the inner thing" (throw "the failure"))
