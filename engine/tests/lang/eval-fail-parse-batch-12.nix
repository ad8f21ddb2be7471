a.b or or
