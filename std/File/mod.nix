/**
  Functions about files and file names.
*/
{ }
