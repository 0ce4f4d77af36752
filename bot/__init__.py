"""Selfhost Advisor: whether, when and how to self-host open-weight LLMs."""

__version__ = "0.1.0"
