/* a comment
1