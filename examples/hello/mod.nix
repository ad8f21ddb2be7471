# The root module of `hello`. `Greeting` is public (exported as
# `greeting`); `punctuation` is private: other files of this atom see it
# as `mod.punctuation`, but it is not part of the public view.
{
  /** The greeting: salutation, audience and punctuation. */
  Greeting = "${mod.salutation}, ${mod.audience}${mod.punctuation}";
  punctuation = "!";
}
