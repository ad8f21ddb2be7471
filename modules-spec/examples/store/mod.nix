# The store rules are shown on the submodule Demo/: the root's own store
# copy would include this example's expected.out, so its path is never
# printed.
{ }
