"member"
