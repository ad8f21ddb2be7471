{ nor is this
