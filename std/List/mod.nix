/**
  Functions on lists.
*/
{ }
