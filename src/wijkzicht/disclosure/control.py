"""Disclosure control of one measures table, end to end: suppress, prove safe, optionally round."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from wijkzicht.disclosure.audit import audit_measures, measures_structure
from wijkzicht.disclosure.model_estimates import is_model_row, protect_model_rows
from wijkzicht.disclosure.rounding import round_counts
from wijkzicht.disclosure.secondary import apply_secondary
from wijkzicht.errors import WijkzichtError
from wijkzicht.themes.table import CountBound, CountCover, CountUnion
from wijkzicht.themes.trend_rows import propagate_suppression


class DisclosureError(WijkzichtError, RuntimeError):
    """A table whose suppression pattern does not pass the audit: it must not be exported."""


def parents_from_geography(geography: pd.DataFrame) -> dict[str, str]:
    """Each wijk's gemeente and each buurt's wijk, from the geography reference."""
    wijk = dict(zip(geography["wijk_code"], geography["gemeente_code"], strict=True))
    buurt = dict(zip(geography["buurt_code"], geography["wijk_code"], strict=True))
    return {**wijk, **buurt}


def protect(
    df: pd.DataFrame, threshold: int, publish_zeros: bool, rounding_base: int | None,
    geography: pd.DataFrame, model_rules: Mapping | None = None,
    unions: Sequence[CountUnion] = (), bounds: Sequence[CountBound | CountCover] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Primary and secondary suppression, trend rows with their series, the LP audit and
    optional rounding. Returns (table with status, audit).

    Rows of model estimates (method modelschatting) have no numerator and follow their own
    rules, `model_rules` (config disclosure.modelschatting; required when there are such
    rows): `model_estimates.protect_model_rows`. They stay out of the audit and are decided
    after it: a model row shows its respondents only where its wijk's survey row is published.

    The audit attacks every count of every suppressed row (see `audit.audit_measures`):
    DisclosureError when a sensitive count of a primary row can be narrowed below
    `threshold`, or when a suppressed row can be computed exactly (it would only pretend
    to be hidden). Empty cells (denominator 0) stay `ok`. `unions`: the theme's measures
    that count a union of another measure's rows (`themes.kopp.count_unions`), relations
    of the table besides its areas and groups (`audit.measures_structure`); `bounds` its
    definitions inside each other (`themes.kopp.count_bounds`, `themes.nieuwkomers.count_bounds`)."""
    parents = parents_from_geography(geography)
    model = is_model_row(df).to_numpy()
    if model.any() and model_rules is None:
        raise ValueError("model estimates (method modelschatting) need model_rules")
    models = df[model]
    df = df[~model]
    # one structure for both: the audit reuses the LPs (and their feasible tables) that
    # secondary suppression solved; the rows and counts stay the same, only status changes
    structure = measures_structure(df, parents=parents, unions=unions, bounds=bounds)
    safe = apply_secondary(
        df, threshold, publish_zeros=publish_zeros, parents=parents, structure=structure
    )
    safe = propagate_suppression(safe)
    audit = audit_measures(
        safe, threshold, publish_zeros=publish_zeros, parents=parents, structure=structure
    )
    bad = audit[~audit["protected"]]
    if len(bad):
        narrow = bad[bad["required"] & bad["narrow"]]
        known = bad[bad["recoverable"]]
        raise DisclosureError(
            f"{len(narrow)} sensitive count(s) can be narrowed below {threshold} by an "
            f"attacker and {known['row'].nunique()} suppressed row(s) can be computed exactly; "
            f"first rows: {bad.head().to_dict('records')}"
        )
    if len(models):
        # after the audit: rule 4 reads which survey rows are published (their final status)
        models = protect_model_rows(models, model_rules, threshold, parents, safe)
        safe = pd.concat([safe, models]).sort_index()
    return round_counts(safe, rounding_base), audit


def summary(df: pd.DataFrame) -> dict[str, int]:
    """Rows published and suppressed (primary, secondary) in one table."""
    counts = df["status"].value_counts()
    return {
        "rows": int(len(df)),
        "published": int(counts.get("ok", 0)),
        "suppressed_primary": int(counts.get("suppressed_primary", 0)),
        "suppressed_secondary": int(counts.get("suppressed_secondary", 0)),
    }
