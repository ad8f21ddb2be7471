toString ./a
