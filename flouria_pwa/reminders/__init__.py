"""Reminders: the Web Push subscriptions API (`views`) and sending what is due (`sending`)."""
