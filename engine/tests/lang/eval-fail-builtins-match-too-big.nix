# libstdc++ unrolls repetitions into at most 100,000 NFA states.
builtins.match "(ab){40000}" "ab"
