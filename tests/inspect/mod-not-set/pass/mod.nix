{ Value = 1; }
