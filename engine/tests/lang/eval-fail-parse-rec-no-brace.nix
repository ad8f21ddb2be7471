rec 1
