/**
  Functions on attribute sets.
*/
{ }
