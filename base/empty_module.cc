// Stands in as the one source of a module that has only headers so far.
