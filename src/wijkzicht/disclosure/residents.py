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

from collections.abc import Mapping

import numpy as np
import pandas as pd

from wijkzicht.disclosure.control import (
    POPULATION_MEASURE,
    POPULATION_PART,
    RESIDENTS_MEASURE,
    DisclosureError,
    protect,
)
from wijkzicht.disclosure.primary import COUNT_METHODS, RESIDENTS_REFERENCE
from wijkzicht.disclosure.secondary import ProtectionError
from wijkzicht.themes.aggregates import KERNCIJFERS, ORGANISATIES
from wijkzicht.themes.table import TOTAAL

# the inhabitants' rows inside the joint table: a measure no partner's indicator can be
# (`themes.aggregates.measure_name` gives `<source>.<indicator>` of the indicator register)
RESIDENTS = RESIDENTS_MEASURE


def _joint_rows(inwoners: pd.DataFrame, *, keep_measure: bool = False) -> pd.DataFrame:
    """The inhabitants' rows as rows of the organisations' table: theme and measure
    relabelled, each count a share of 1 (n_denominator = n_numerator, as
    `control.protect_counts`), so the primary rule reads the count and the tie to a partner's
    denominator of the same residents holds."""
    work = inwoners.copy()
    work["theme"] = ORGANISATIES
    if not keep_measure:  # the populations keep theirs (`population_counts`)
        work["measure"] = RESIDENTS
    num = pd.to_numeric(work["n_numerator"], errors="coerce").astype("Float64")
    work["n_numerator"] = num
    work["n_denominator"] = num
    return work


def population_counts(
    persons: pd.DataFrame, ages: Mapping[str, tuple[int, int | None]]
) -> pd.DataFrame:
    """Each theme's population (`POPULATION_PART`: kopp's children, migratie's adults) per
    year, gemeente and wijk among the register's residents, as count rows beside
    `kerncijfers/inwoners.csv`'s (measure `register.<part>`, method `register_ratio`): the
    residents with a GBAPERSOONTAB row whose age lies in the theme's `ages` (min_age,
    max_age or None), as the themes select them (docs/rules.md#k1, docs/rules.md#m1).

    `persons`: the person-year base (`population.residents`: year, gemeente, wijk, in_gba,
    age). Every area with residents has a row per part, 0 where none of them is of its age.
    Themes whose ages overlap (kopp to 18, migratie from 18) count some persons twice: their
    populations are no parts of the residents, and none is given (no relation, as before)."""
    age = pd.to_numeric(persons["age"], errors="coerce")
    known = persons["in_gba"].astype(bool) & age.notna()
    ranges = sorted((low, np.inf if high is None else high) for t, (low, high) in ages.items()
                    if t in POPULATION_PART)  # fmt: skip
    if any(b[0] <= a[1] for a, b in zip(ranges, ranges[1:], strict=False)):
        ages = {}
    parts = []
    for theme, (low, high) in sorted(ages.items()):
        if theme not in POPULATION_PART:
            continue
        inside = known & (age >= low) & (True if high is None else age <= high)
        for level in ("gemeente", "wijk"):
            at = persons[level]
            frame = pd.DataFrame({"year": persons["year"], "area_code": at, "n": inside})
            frame = frame[at.notna()]
            n = frame.groupby(["year", "area_code"], sort=True)["n"].sum().reset_index()
            parts.append(
                n.assign(area_level=level, measure=f"{POPULATION_MEASURE}{POPULATION_PART[theme]}")
            )
    if not parts:
        return pd.DataFrame(columns=["year", "area_level", "area_code", "measure", "n_numerator"])
    out = pd.concat(parts, ignore_index=True)
    n = out.pop("n").astype("int64")
    return out.assign(
        theme=KERNCIJFERS, definition="", group=TOTAAL, group_value=TOTAAL, method=COUNT_METHODS[0],
        numerator=n.astype(float), n_numerator=pd.array(n, dtype="Int64"),
        n_denominator=pd.array([pd.NA] * len(out), dtype="Int64"), status="ok",
    )  # fmt: skip


def population_ages(themes: Mapping[str, Mapping]) -> dict[str, tuple[int, int | None]]:
    """(min_age, max_age or None) of each configured theme whose population is a part of the
    residents (`POPULATION_PART`), from config `themes` (`population_counts`' `ages`)."""
    return {
        t: (int(c["min_age"]), None if c.get("max_age") is None else int(c["max_age"]))
        for t, c in sorted(themes.items())
        if t in POPULATION_PART
    }


def residents_inputs(theme: str) -> list[str]:
    """The tables decided before a theme's own whose rows its disclosure control must read
    (`control.protect`'s `residents`): `inwoners` (the register's residents,
    results/internal/disclosure/inwoners_status.parquet) where a ratio row of the theme
    gives an area's residents back (`primary.RESIDENTS_REFERENCE`: nieuwkomers.concentratie's
    n0) or its population is a part of them (`control.POPULATION_PART`), and then
    `populations` (populations_status.parquet: the themes' populations, decided with the
    residents, `protect_with_populations`) for the latter. A fact of the package: the
    workflow asks it (workflow/rules/common.smk, theme_residents)."""
    reference = any(m.split(".", 1)[0] == theme for m in RESIDENTS_REFERENCE)
    if theme in POPULATION_PART:
        return ["inwoners", "populations"]
    return ["inwoners"] if reference else []


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
    org, inw, _, audit = protect_with_populations(
        organisations, inwoners, threshold, publish_zeros, rounding_base, geography,
        organisations_before=organisations_before, inwoners_before=inwoners_before,
    )  # fmt: skip
    return org, inw, audit


def protect_with_populations(
    organisations: pd.DataFrame,
    inwoners: pd.DataFrame,
    threshold: int,
    publish_zeros: bool,
    rounding_base: int | None,
    geography: pd.DataFrame,
    *,
    populations: pd.DataFrame | None = None,
    organisations_before: pd.DataFrame | None = None,
    inwoners_before: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """`protect_with_residents` with the themes' populations (`population_counts`: the
    children of kopp, the adults of migratie) in the same table: the residents are those
    parts and the residents without an age (never published), so an attacker holding
    inwoners.csv and the themes' tables knows children <= residents - adults, adults <=
    residents - children and residents >= adults + children (`control._population_links`);
    those without an age are a count of persons of their own, which the three published
    counts may not give away within 1 to threshold - 1 (`control._with_population_relations`,
    docs/rules.md#e7). One pattern decides all three counts together, first; each theme's table then hides its
    population where this pattern does and protects the rest against all three
    (`control.protect`'s `residents`: inwoners_status and populations_status). Returns
    (organisations, inhabitants, populations with status, audit)."""
    pops = inwoners.iloc[:0] if populations is None else populations
    tables = [organisations, _joint_rows(inwoners)]
    if len(pops):
        tables.append(_joint_rows(pops, keep_measure=True))
    joint = pd.concat(tables, ignore_index=True)  # organisations first: rows 0..n-1
    before = None
    if organisations_before is not None or inwoners_before is not None:
        parts = [organisations_before] if organisations_before is not None else []
        if inwoners_before is not None:
            parts.append(_joint_rows(inwoners_before))
        before = pd.concat(parts, ignore_index=True)
    # the gemeente's adults and children are never partners where another pattern will do:
    # hidden here, every figure of the gemeente would be hidden in the themes' tables
    # (`control._hidden_population`); a wijk of 5 residents hid them with the gemeente's
    # residents, where the themes' own tables hid another wijk
    n, m = len(organisations), len(organisations) + len(inwoners)
    kept = np.zeros(len(joint), dtype=bool)
    kept[m:] = (joint["area_level"].iloc[m:] == "gemeente").to_numpy()
    try:
        safe, audit = protect(
            joint, threshold, publish_zeros, rounding_base, geography, published_before=before,
            kept=kept,
        )  # fmt: skip
    except (ProtectionError, DisclosureError):
        safe, audit = protect(
            joint, threshold, publish_zeros, rounding_base, geography, published_before=before
        )
    org = safe.loc[: n - 1].copy() if n else organisations.iloc[:0].copy()
    org.index = organisations.index
    inw = inwoners.copy()
    inw["status"] = safe.loc[n : m - 1, "status"].to_numpy()
    pops = pops.copy()
    pops["status"] = safe.loc[m:, "status"].to_numpy()
    return org, inw, pops, audit
