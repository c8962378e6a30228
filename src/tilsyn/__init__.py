"""Tilsyn: the Danish active employment effort, measurable and governable."""

__version__ = "0.1.0"
