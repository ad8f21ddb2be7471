"beta (private)"
