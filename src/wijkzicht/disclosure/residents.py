"""One protection for the register's residents wherever a release publishes them.

The residents of an area on 1 January stand in two exported tables: as the counts of
`kerncijfers/inwoners.csv` (the register beside Kerncijfers' inhabitants) and as the
denominator of a partner's share among residents in `organisaties/cijfers.csv` (the
neighbourhood team's caseload, say). Each table passed disclosure control alone, with its own
partners: a wijk of 5 residents was hidden in the one with the gemeente and in the other with
another wijk, so the gemeente's residents from the partners' table minus the other wijken
from the inhabitants' table gave the 5 back, and with it the caseload of that wijk to within
5 (A2). Both tables therefore go through disclosure control as one table
(`protect_with_residents`): the residents' rows are relabelled as a measure of the
organisations' table, where rows that count the same persons are tied on that count
(docs/rules.md#e7), so one pattern and one audit cover both, and a published count in either
is known in the other.
"""

from __future__ import annotations

import pandas as pd

from wijkzicht.disclosure.control import RESIDENTS_MEASURE, protect
from wijkzicht.themes.aggregates import ORGANISATIES

# the inhabitants' rows inside the joint table: a measure no partner's indicator can be
# (`themes.aggregates.measure_name` gives `<source>.<indicator>` of the indicator register)
RESIDENTS = RESIDENTS_MEASURE


def _joint_rows(inwoners: pd.DataFrame) -> pd.DataFrame:
    """The inhabitants' rows as rows of the organisations' table: theme and measure
    relabelled, each count a share of 1 (n_denominator = n_numerator, as
    `control.protect_counts`), so the primary rule reads the count and the tie to a partner's
    denominator of the same residents holds."""
    work = inwoners.copy()
    work["theme"] = ORGANISATIES
    work["measure"] = RESIDENTS
    num = pd.to_numeric(work["n_numerator"], errors="coerce").astype("Float64")
    work["n_numerator"] = num
    work["n_denominator"] = num
    return work


def protect_with_residents(
    organisations: pd.DataFrame,
    inwoners: pd.DataFrame,
    threshold: int,
    publish_zeros: bool,
    rounding_base: int | None,
    geography: pd.DataFrame,
    *,
    organisations_before: pd.DataFrame | None = None,
    inwoners_before: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Disclosure control of the organisations' figures and the register's inhabitants
    (`themes.aggregates.organisation_measures`, `inhabitants_check`) as one table (module
    doc). `*_before`: the previous release's `organisaties/cijfers.csv` and
    `kerncijfers/inwoners.csv` (`control.protect`'s `published_before`). Returns
    (organisations with status and rounded as `protect` rounds, inhabitants with status and
    their numbers unchanged, audit)."""
    joint = pd.concat(
        [organisations, _joint_rows(inwoners)], ignore_index=True
    )  # organisations first: its rows keep positions 0..n-1
    before = None
    if organisations_before is not None or inwoners_before is not None:
        parts = [organisations_before] if organisations_before is not None else []
        if inwoners_before is not None:
            parts.append(_joint_rows(inwoners_before))
        before = pd.concat(parts, ignore_index=True)
    safe, audit = protect(
        joint, threshold, publish_zeros, rounding_base, geography, published_before=before
    )
    n = len(organisations)
    org = safe.loc[: n - 1].copy() if n else organisations.iloc[:0].copy()
    org.index = organisations.index
    inw = inwoners.copy()
    inw["status"] = safe.loc[n:, "status"].to_numpy()
    return org, inw, audit
