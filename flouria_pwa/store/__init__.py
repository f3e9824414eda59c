"""The store: the models, the database set-up and every query, scoped to one diary. It returns
rows or None and raises its own errors; the views decide what a request answers."""
