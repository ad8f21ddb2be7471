# Unlike filter, partition forces every element (even if the predicate ignores it).
builtins.partition (x: true) [ 1 (throw "partition forced an element") ]
