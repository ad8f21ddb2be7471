# Without --trace-verbose, traceVerbose does not print, and does not force its message.
[
  (builtins.traceVerbose "verbose" 1)
  (builtins.traceVerbose (throw "message not forced") "ok")
]
