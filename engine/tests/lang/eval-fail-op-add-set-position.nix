# check-position
# A number plus a parenthesised set points at the parenthesis.
1 + ( { } )
