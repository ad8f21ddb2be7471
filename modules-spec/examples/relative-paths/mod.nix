# Each module file is evaluated from a lone store copy of itself, so a
# relative path literal resolves against the store directory.
{
  Next = ./next;
  Here = ./.;
  AsString = toString ./data.txt;
  Nested = ./a/b;
  Parent = ../up;
}
