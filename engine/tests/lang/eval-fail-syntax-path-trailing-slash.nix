# A path literal cannot end in a slash.
[ ./src/a.txt/ ]
