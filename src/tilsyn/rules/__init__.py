"""The rulebook: dated parameters with their legal references."""

from tilsyn.rules.rulebook import Parameter, Reference, Rulebook, RulebookError, Value, rulebook

__all__ = ["Parameter", "Reference", "Rulebook", "RulebookError", "Value", "rulebook"]
