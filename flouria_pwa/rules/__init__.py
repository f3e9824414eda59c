"""The rules: the check-in contract, the facts derived from a check-in, and the engine that
evaluates the catalogue. Plain Python over plain values: nothing here knows Flask or the
database."""
