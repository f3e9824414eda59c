"""The store: the models, the database set-up and every query, scoped to one diary. It returns
rows, values (`rules.values`) or None and raises its own errors; the views decide what a request
answers (a 404, a Dutch message).

The commit rule: store functions add, execute and flush, and never commit; the view (or the
command) that handles the request commits once, after its last write, and rolls back when it
refuses. A race that a unique key decides shows at the flush, so the store function that
flushes handles it. Three functions commit, each saying why: a new anonymous diary
(`accounts.add_anonymous`), a new push subscription (`reminders.save_subscription`) and a
reminder's claim (`reminders.claim`) are races that only a committed row settles for the other
request. Outside the store, the wrong-password counts (`accounts.throttle`) are committed at once
so that a refused request still counts, and `identity` commits its sign-in sessions.
"""
