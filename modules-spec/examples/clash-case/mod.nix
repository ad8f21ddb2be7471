{ Foo = 1; }
