assert 1; 1
