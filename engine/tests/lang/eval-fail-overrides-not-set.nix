rec { __overrides = 1; a = 1; }.a
