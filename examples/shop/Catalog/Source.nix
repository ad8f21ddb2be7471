# The catalog's directory in the store: it holds products.json only.
"${mod}"
