x: if x == 1 then throw "helper failed for ${toString x}" else x
