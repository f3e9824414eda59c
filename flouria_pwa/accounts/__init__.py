"""Accounts: saving a diary with a name and password, signing in and out, recovery codes, and the
throttle on wrong passwords."""
