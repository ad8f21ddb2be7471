"never a member"
