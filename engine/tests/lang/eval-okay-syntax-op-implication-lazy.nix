false -> throw "unused"
