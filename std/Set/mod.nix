# Functions on attribute sets.
{ }
