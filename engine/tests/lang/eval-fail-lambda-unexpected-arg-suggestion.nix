# whole-message
({ bar, baz }: 0) { ba = 1; bar = 1; baz = 1; }
