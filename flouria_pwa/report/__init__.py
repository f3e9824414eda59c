"""The GP report: the printable page over a chosen period. `views` is the blueprint (period,
load, render), `summary` the figures (weeks, day rows, flag rows), `flags` the red flags."""
