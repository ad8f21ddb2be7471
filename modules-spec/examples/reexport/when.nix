"today"
