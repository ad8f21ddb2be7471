# A function of its own arguments is fine.
{ a, b }: a + b
