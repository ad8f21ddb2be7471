builtins.traceVerbose "msg" (throw "the value is still forced")
