# check-position
# A dynamic name that is not a string is reported where its attribute path starts.
{ x = 1; a.${ 1.5 } = 0; }
