let x = 1; y = 1; f = 1; a = 1; in
assert false && (<nixpkgs> + http://x.org + "a${"b"}c" + "${x}"); 1
