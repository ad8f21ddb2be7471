{ result = mod.helper 1; }
