"""Read models kept in SQL tables beside the events, each with its position in the same database."""
