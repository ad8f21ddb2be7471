# The root module has no `pre`. Module files are loaded with the scope as
# their static environment, so a file that mentions `pre` at the root
# fails as soon as it is loaded, even where the mention is never forced.
{
  Fine = 1;
}
