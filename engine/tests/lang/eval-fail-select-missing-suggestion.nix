# whole-message
{ x = 1; yy = 2; }.y
