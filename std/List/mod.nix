# Functions on lists.
{ }
