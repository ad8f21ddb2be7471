false && throw "unused"
