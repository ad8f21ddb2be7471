# A header out of habit: std is in scope already.
{ std, ... }:
std.toUpper "x"
