"not a member either"
