"""The GP report: the printable page over a chosen period."""
