# Derivations whose .drv files and paths the store tests compare against.
# Evaluated by gen.sh from a scratch directory next to script.sh.
let
  sys = "x86_64-linux";
  mk = attrs: derivation ({ system = sys; builder = "/bin/sh"; } // attrs);
  a = mk { name = "a"; };
  escapes = mk {
    name = "escapes";
    args = [ "-c" "echo \"hi\"\n\t\\ok\r" "" ];
    quote = "\"quoted\" \\ back";
    utf8 = "héllo ✓";
    multi = "line1\nline2\n";
  };
  multi = mk { name = "multi"; outputs = [ "out" "dev" "lib" ]; };
  reordered = mk { name = "reordered"; outputs = [ "z" "a" ]; };
  fixed_flat_sha256 = mk {
    name = "fixed-flat";
    outputHash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    outputHashAlgo = "sha256";
  };
  fixed_rec_sha256 = mk {
    name = "fixed-rec";
    outputHashMode = "recursive";
    outputHash = "1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s";
    outputHashAlgo = "sha256";
  };
  fixed_flat_sha1 = mk {
    name = "fixed-sha1";
    outputHash = "a9993e364706816aba3e25717850c26c9cd0d89d";
    outputHashAlgo = "sha1";
  };
  fixed_rec_sha1 = mk {
    name = "fixed-rec-sha1";
    outputHashMode = "recursive";
    outputHash = "sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=";
  };
  fixed_sri_sha512 = mk {
    name = "fixed-sha512";
    outputHash = "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==";
  };
  fixed_md5 = mk {
    name = "fixed-md5";
    outputHash = "md5:900150983cd24fb0d6963f7d28e17f72";
  };
  fixed_nar_mode = mk {
    name = "fixed-nar";
    outputHashMode = "nar";
    outputHash = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
  };
  dep = mk { name = "dep"; input = a; };
  dep_multi = mk { name = "dep-multi"; lib = multi.lib; dev = "${multi.dev}/include"; outputs = [ "out" "bin" ]; };
  dep_fixed = mk { name = "dep-fixed"; src = fixed_rec_sha256; src2 = fixed_flat_sha1; };
  chain = mk { name = "chain"; deps = [ dep dep_multi.bin dep_fixed ]; };
  srcs = mk {
    name = "srcs";
    builder = ./script.sh;
    args = [ (builtins.toFile "args.txt" "some args") ];
    data = builtins.toFile "data.json" ''{"a": 1}'';
  };
  structured = mk {
    name = "structured";
    __structuredAttrs = true;
    list = [ 1 "two" { three = 3; } ];
    input = a;
  };
  fixed_dep_on_drv = mk {
    name = "fixed-with-inputs";
    outputHash = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
    input = dep;
  };
in {
  inherit a escapes multi reordered fixed_flat_sha256 fixed_rec_sha256 fixed_flat_sha1
    fixed_rec_sha1 fixed_sri_sha512 fixed_md5 fixed_nar_mode dep dep_multi dep_fixed chain srcs
    structured fixed_dep_on_drv;
}
