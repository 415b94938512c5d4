"""halfyear: a county's half-year industrial-economy analysis and second-half projections."""

__version__ = "0.1.0"
