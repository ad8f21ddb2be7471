{ Shout = hello.shout; Doubled = answer * 2; }
