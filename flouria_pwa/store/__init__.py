"""The store: the models, the database set-up and every query, scoped to one diary. It returns
rows, values (`rules.values`) or None and raises its own errors; the views decide what a request
answers (a 404, a Dutch message).

The commit rule: store functions add, execute and flush, and never commit; the view (or the
command) that handles the request commits once, after its last write, and rolls back when it
refuses. A race that a unique key decides shows at the flush, so the store function that
flushes handles it. (`identity.ensure_diary_owner` commits a new diary at once, for the same
reason: its row must exist before anything of hers is written.)
"""
