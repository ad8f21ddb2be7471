# libstdc++'s ERE rejects an escaped closing brace.
builtins.match "\\}" "}"
