# whole-message
({ }: 0) { a = 1; }
