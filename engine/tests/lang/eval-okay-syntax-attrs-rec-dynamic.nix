rec { a = "k"; ${a} = 5; }
