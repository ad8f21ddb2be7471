# groupBy forces each element's key (but not the element beyond what the key needs).
builtins.groupBy (x: x.k) [ { k = "a"; } (throw "groupBy forced this element") ]
