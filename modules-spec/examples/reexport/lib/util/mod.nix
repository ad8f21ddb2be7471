{ Twice = mod.twice; Four = mod.twice 2; }
