"""Estimators: proportions, standardisation, survey estimation, models, trends, similarity."""
