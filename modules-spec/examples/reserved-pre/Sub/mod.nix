{ Pre = 1; }
