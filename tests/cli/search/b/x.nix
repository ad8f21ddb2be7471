"b/x"
