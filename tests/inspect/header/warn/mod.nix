{ X = mod.helper; }
