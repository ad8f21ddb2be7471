# Public member: exported as `audience`.
"world"
