(1).a or 4
