# Public member: exported as `audience`.
/**
  Who is greeted.
*/
"world"
