"""Structured conversations as data, and the pure state machine that runs them (no Django)."""
