<foo/>
