# Errors that surface after a member is in weak head normal form still name
# the member whose file holds the failing code.
{ }
