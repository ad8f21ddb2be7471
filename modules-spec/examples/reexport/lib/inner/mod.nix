{ Core = mod.core; }
