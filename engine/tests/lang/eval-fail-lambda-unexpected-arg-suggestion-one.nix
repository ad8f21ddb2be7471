# whole-message
({ b }: 0) { a = 1; b = 2; }
