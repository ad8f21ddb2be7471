# Members that are the same value are still forced before they are compared.
let t = throw "forced first"; in [ t ] == [ t ]
