# The catalog's directory in the store: it holds products.json only.
/**
  The catalog's data directory in the store.
*/
"${mod}"
