"""Themes: each evaluates its configured definitions on the person-year base."""
