"a\"b\\c\nd\te\rf\${g} $ h\q"
