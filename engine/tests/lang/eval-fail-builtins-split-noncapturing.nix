# No Perl-style groups in POSIX extended syntax.
builtins.split "(?:a)" "a"
