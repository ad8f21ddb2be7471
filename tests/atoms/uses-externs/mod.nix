# Names bound by the host (Options::extern_atom / extern_expr), in every module.
{
  Greeting = hello.greeting;
  Answer = answer;
}
