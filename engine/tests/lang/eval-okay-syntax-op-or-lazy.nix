true || throw "unused"
