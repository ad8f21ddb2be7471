# Float literals at the edges of the normal range, and zeros.
[ 2.2250738585072014e-308 1.7976931348623157e308 0.0e-400 0.0 ]
