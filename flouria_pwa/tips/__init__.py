"""Tips: their texts (`texts`), choosing them for a check-in (`advice`) and the pages (`views`)."""
