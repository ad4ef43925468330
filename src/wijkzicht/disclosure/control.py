"""Disclosure control of one measures table, end to end: suppress, prove safe, optionally round."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from wijkzicht.disclosure.audit import (
    AdditiveTable,
    MeasuresStructure,
    Relation,
    audit_measures,
    measures_structure,
    suppression_state,
)
from wijkzicht.disclosure.cell_counts import crude_cell_counts
from wijkzicht.disclosure.model_estimates import is_model_row, protect_model_rows
from wijkzicht.disclosure.primary import (
    COUNT_METHODS,
    POPULATION_MEASURE,
    POPULATION_PART,
    apply_primary,
    population_rows,
    reference_counts,
)
from wijkzicht.disclosure.rounding import round_counts, round_to_base
from wijkzicht.disclosure.secondary import ProtectionError, apply_secondary
from wijkzicht.errors import WijkzichtError
from wijkzicht.themes.table import CountBound, CountCover, CountNest, CountUnion
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
    unions: Sequence[CountUnion] = (),
    bounds: Sequence[CountBound | CountCover | CountNest] = (),
    published_before: pd.DataFrame | None = None,
    residents: pd.DataFrame | None = None,
    kept: np.ndarray | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Primary and secondary suppression, trend rows with their series, the LP audit and
    optional rounding. Returns (table with status, audit).

    `kept`: a boolean per row of `df`, rows never chosen as partners (they stay as the
    primary rule leaves them; `residents.protect_with_populations`: the gemeente's adults and
    children, whose hiding would hide the themes' gemeente figures).

    `residents`: the register's residents per area and year as another table publishes them,
    with the status its own disclosure control decided (`kerncijfers/inwoners.csv`'s rows,
    `residents.protect_with_residents`: results/internal/disclosure/inwoners_status.parquet).
    A ratio row's reference counts can be those residents (nieuwkomers.concentratie: n0 is
    every resident of the area), so they go into this table's protection as decided rows
    (`_with_residents_rows`): the audit then covers both tables, and a count the one hides
    is not given back by the other (docs/rules.md#e7).

    `published_before`: the previous release's measures (its measures.csv rows, any status).
    A row it published with the same counts (`published_before_mask`) stays published and
    is never a partner: an attacker holds both releases, so a pattern that hid such a row
    would protect nothing, and two releases with different patterns (after a definition
    was added, say) would give small counts away together. The audit then covers both
    releases: this one publishes every such row again.

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
    definitions inside each other (`themes.kopp.count_bounds`, `themes.nieuwkomers.count_bounds`)
    and its measures nested in another's numerator (`CountNest`, `themes.migratie.count_nests`:
    `protect_nested`).

    A row that estimates on part of its cell's persons (a standardised share, the odds-ratio
    model: without the persons of unknown sex) carries the counts of its cell's crude row
    from the start (`cell_counts.crude_cell_counts`), also in `published_before` (a release
    made before that published its own counts): published beside the crude row, its own
    counts gave the cell of unknown sex away."""
    df = crude_cell_counts(df)
    if published_before is not None:
        published_before = crude_cell_counts(published_before)
    parents = parents_from_geography(geography)
    unions, bounds = canonical_relations(unions, bounds)
    nests = [b for b in bounds if isinstance(b, CountNest)]
    bounds = [b for b in bounds if not isinstance(b, CountNest)]
    model = is_model_row(df).to_numpy()
    if model.any() and model_rules is None:
        raise ValueError("model estimates (method modelschatting) need model_rules")
    models = df[model]
    df = df[~model]
    inner = nested_rows(df, nests)
    fixed = (
        None
        if published_before is None
        else published_before_mask(df, published_before, rounding_base)
    )
    if kept is not None and np.asarray(kept, dtype=bool).any():
        mine = np.asarray(kept, dtype=bool)[~model]
        fixed = mine if fixed is None else fixed | mine
    revised = (
        None
        if published_before is None
        else revised_small_mask(df, published_before, threshold, rounding_base)
    )
    try:
        safe, audit = _protect_counts(
            df[~inner], threshold, publish_zeros, parents, unions=unions, bounds=bounds,
            fixed=None if fixed is None else fixed[~inner],
            forced=None if revised is None or not revised.any()
            else pd.Series(revised[~inner], index=df.index[~inner]),
            residents=residents,
        )  # fmt: skip
    except (ProtectionError, DisclosureError) as err:
        if fixed is None or not fixed.any():
            raise
        raise DisclosureError(
            f"{err}\n{int(fixed.sum())} row(s) the previous release published with the same "
            "counts stay published (config previous_release.export): they are in an "
            "attacker's hands, and beside them no pattern of this release protects the counts "
            "named above (a new definition's difference with a published one, say). Leave out "
            "what this release adds there, or make it without naming the previous release "
            "only if that one was never made public."
        ) from err
    if inner.any():
        nested, nested_audit = protect_nested(
            df[inner], safe, nests, threshold, publish_zeros, parents
        )
        safe = pd.concat([safe, nested]).sort_index()
        audit = pd.concat([audit, nested_audit], ignore_index=True)
    if len(models):
        # after the audit: rule 4 reads which survey rows are published (their final status)
        models = protect_model_rows(models, model_rules, threshold, parents, safe)
        safe = pd.concat([safe, models]).sort_index()
    return round_counts(safe, rounding_base), audit


# the kinds of relation in the order secondary suppression takes them (`canonical_relations`)
RELATION_ORDER = (CountCover, CountBound, CountNest)


def canonical_relations(
    unions: Sequence[CountUnion], bounds: Sequence[CountBound | CountCover | CountNest]
) -> tuple[list[CountUnion], list[CountBound | CountCover | CountNest]]:
    """The relations in one order whatever order the configuration lists the definitions in:
    each once, sorted by kind and fields, with a union's group values and a cover's parts
    sorted. Secondary suppression breaks ties between equally good partners by the order of
    the LP's rows, so the same table with its definitions listed in another order (a
    `config.yaml` reordered, or a release's manifest, which records the configuration with
    sorted keys) chose other partners: 148 of the default world's nieuwkomers rows changed
    status (a reviewer's rerun from the manifest, U6). The rows themselves are already in a
    canonical order (`themes.table.finalise`). Covers come before bounds: on the default
    world all 6 orders of nieuwkomers' relations with its cover first give the release's 454
    suppressed rows, and 2 of the 18 with the cover after a bound 468 and 602 (the sorted
    order among them): which order is best depends on the table, but one fixed order makes
    the pattern follow from the definitions alone."""
    u = sorted({x._replace(values=tuple(sorted(x.values))) for x in unions})
    b = {x._replace(parts=tuple(sorted(x.parts))) if isinstance(x, CountCover) else x
         for x in bounds}  # fmt: skip
    return u, sorted(b, key=lambda x: (RELATION_ORDER.index(type(x)), tuple(x)))


def _protect_counts(
    df: pd.DataFrame, threshold: int, publish_zeros: bool, parents: Mapping[str, str],
    *, unions: Sequence[CountUnion] = (), bounds: Sequence[CountBound | CountCover] = (),
    known_denominators: pd.Series | None = None, forced: pd.Series | None = None,
    fixed: np.ndarray | None = None, residents: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Secondary suppression, trend rows and the audit of rows with counts (`protect`);
    `forced` (on df's index): rows to suppress whatever their counts, as secondary rows.

    A ratio row whose value and se give its reference group's counts back
    (`primary.reference_counts`: nieuwkomers.concentratie's residents with and without the
    marker) gets a row of those counts beside it, in a block of its own (method
    `<method>_referentie`), protected with the rest: primary rule, area sums, partners. The
    ratio row is then suppressed where its reference row is, and the reference rows are
    dropped (never exported); in the audit they are residuals named after their row. With
    `residents` (`protect`), the residents' rows of those years follow them as decided rows
    (`_with_residents_rows`), dropped the same way."""
    index = df.index
    df, partners = _with_reference_rows(df)
    df, others, held = _with_residents_rows(df, residents, partners)
    links = _population_links(df)
    hidden = _hidden_population(df, len(index))
    if hidden.any():
        mine = np.zeros(len(index), dtype=bool) if forced is None else forced.to_numpy(bool)
        forced = pd.Series(mine | hidden, index=index)
    if forced is not None:
        forced = pd.Series(forced.to_numpy(), index=df.index[: len(index)]).reindex(
            df.index, fill_value=False
        )
    if known_denominators is not None:
        known_denominators = pd.Series(known_denominators.to_numpy(), index=df.index[: len(index)])
    # one structure for both: the audit reuses the LPs (and their feasible tables) that
    # secondary suppression solved; the rows and counts stay the same, only status changes
    structure = measures_structure(
        df, parents=parents, unions=unions, bounds=bounds, known_denominators=known_denominators
    )
    structure, slack = _with_population_relations(structure, links)
    start = df
    if forced is not None and forced.any():
        start = apply_primary(df, threshold, publish_zeros=publish_zeros)
        start.loc[forced & (start["status"] == "ok"), "status"] = "suppressed_secondary"
    if fixed is not None or held.any():
        # the reference rows added after df's rows are never fixed; the residents' published
        # rows always are (another table publishes them: never a partner here)
        mine = np.zeros(len(index), dtype=bool) if fixed is None else np.asarray(fixed, bool)
        fixed = held | np.concatenate([mine, np.zeros(len(df) - len(mine), dtype=bool)])
    safe = apply_secondary(
        start, threshold, publish_zeros=publish_zeros, parents=parents, structure=structure,
        fixed=fixed,
    )  # fmt: skip
    if forced is not None and forced.any():
        _suppress_forced_empty_rows(safe, forced, structure, threshold, publish_zeros)
    audit = audit_measures(
        safe, threshold, publish_zeros=publish_zeros, parents=parents, structure=structure
    )
    if slack:  # the residents outside the themes' populations: never published, so known
        # exactly they give nothing away unless they are 1 to threshold - 1 persons
        named = audit["residual"].isin([structure.residual_of[r - structure.n_real] for r in slack])
        audit.loc[named, "protected"] = ~(audit["required"] & audit["narrow"])[named]
    bad = audit[~audit["protected"]]
    if len(bad):
        narrow = bad[bad["required"] & bad["narrow"]]
        known = bad[bad["recoverable"]]
        raise DisclosureError(
            f"{len(narrow)} sensitive count(s) can be narrowed below {threshold} by an "
            f"attacker and {known['row'].nunique()} suppressed row(s) can be computed exactly; "
            f"first rows: {bad.head().to_dict('records')}"
        )
    if partners or others:
        safe, audit = _couple_reference_rows(safe, audit, partners, index, others)
    safe = propagate_suppression(safe)
    return safe, audit


# the columns that name a row of the measures table across releases
ROW_KEY = ["theme", "measure", "definition", "year", "area_level", "area_code", "group",
           "group_value", "method"]  # fmt: skip


def _counts_beside_before(
    df: pd.DataFrame, before: pd.DataFrame, columns: tuple[str, str], rounding_base: int | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(numerator, denominator) of `columns` for each row of `df` (rounded to `rounding_base`
    when the releases round, as they were published), then the same two that `before` published
    (`status` ok) under the row's key (`ROW_KEY`): NaN where it published none."""
    n, d = columns
    old = before.loc[before["status"] == "ok", [*ROW_KEY, n, d]]
    left = df[ROW_KEY].astype("string").fillna("").reset_index(drop=True)
    right = old[ROW_KEY].astype("string").fillna("")
    right = right.assign(
        _num=pd.to_numeric(old[n], errors="coerce").to_numpy(),
        _den=pd.to_numeric(old[d], errors="coerce").to_numpy(),
    ).drop_duplicates(ROW_KEY)
    both = left.merge(right, on=ROW_KEY, how="left")
    num = pd.to_numeric(df[n], errors="coerce").to_numpy(dtype=float)
    den = pd.to_numeric(df[d], errors="coerce").to_numpy(dtype=float)
    if rounding_base and rounding_base > 1:
        num, den = round_to_base(num, rounding_base), round_to_base(den, rounding_base)
    return num, den, both["_num"].to_numpy(dtype=float), both["_den"].to_numpy(dtype=float)


def published_before_mask(
    df: pd.DataFrame, before: pd.DataFrame, rounding_base: int | None = None
) -> np.ndarray:
    """A boolean per row of `df`: a row with counts that `before` (a previous release's
    measures) published (`status` ok) under the same key (`ROW_KEY`) with the same numerator
    and denominator (as published: rounded to `rounding_base` when the releases round). A row
    whose counts changed (a new edition of the data) is not: the previous figure is another
    count."""
    if before is None or before.empty:
        return np.zeros(len(df), dtype=bool)
    num, den, was_num, was_den = _counts_beside_before(
        df, before, ("numerator", "denominator"), rounding_base
    )
    same = np.isclose(was_num, num, rtol=0, atol=1e-9) & np.isclose(was_den, den, rtol=0, atol=1e-9)
    return same & ~np.isnan(num) & ~np.isnan(den)


def revised_small_mask(
    df: pd.DataFrame, before: pd.DataFrame, threshold: int, rounding_base: int | None = None
) -> np.ndarray:
    """A boolean per row of `df`: a row that `before` (a previous release's measures)
    published (`status` ok) under the same key (`ROW_KEY`) with other counts of persons, where
    a count (`n_numerator`, `n_denominator` or the rest, their difference) differs by 1 to
    `threshold` - 1 (as published: rounded to `rounding_base` when the releases round). A new
    edition of the data (a CBS delivery with corrections of past years) changes such a row a
    little; published in both releases, the difference is a small group given away by a
    subtraction (Z10: kopp breed 2022 West 10/23 in the first, 10/24 in the second: one child
    added whose parents have none of the conditions). Such rows are suppressed in this release
    (`protect`), as secondary rows with their partners."""
    if before is None or before.empty or "n_numerator" not in before:
        return np.zeros(len(df), dtype=bool)
    num, den, was_num, was_den = _counts_beside_before(
        df, before, ("n_numerator", "n_denominator"), rounding_base
    )
    small = np.zeros(len(df), dtype=bool)
    for now, was in ((num, was_num), (den, was_den), (den - num, was_den - was_num)):
        d = np.abs(now - was)
        with np.errstate(invalid="ignore"):
            small |= (d >= 1) & (d <= threshold - 1)
    return small


REFERENCE = "_referentie"  # the method suffix of a ratio row's reference counts (never exported)


def _with_reference_rows(df: pd.DataFrame) -> tuple[pd.DataFrame, dict[int, int]]:
    """`df` with a row of the reference group's counts after it for every ratio row that
    implies them (index 0..n-1 for df's rows, then the new rows), and {reference row: ratio
    row}; `df` unchanged and {} when there are none."""
    ref = reference_counts(df)
    has = np.flatnonzero(~np.isnan(ref).any(axis=1))
    if not len(has):
        return df, {}
    rows = df.iloc[has].copy()
    rows["method"] = rows["method"].astype(str) + REFERENCE
    rows["n_numerator"], rows["n_denominator"] = ref[has, 0], ref[has, 1]
    rows["numerator"], rows["denominator"] = ref[has, 0], ref[has, 1]
    rows[["value", "ci_lower", "ci_upper", "se"]] = np.nan
    if "status" in rows:  # a table without statuses gets them from the primary rule, as its rows
        rows["status"] = "ok"
    out = pd.concat([df.reset_index(drop=True), rows.reset_index(drop=True)], ignore_index=True)
    return out, {len(df) + i: int(r) for i, r in enumerate(has)}


# the residents' rows inside a table whose ratio rows give them back (`_with_residents_rows`):
# a measure no theme has (`residents.RESIDENTS`, the same rows in the partners' table)
RESIDENTS_MEASURE = "register.inwoners"


def _with_residents_rows(
    df: pd.DataFrame, residents: pd.DataFrame | None, partners: Mapping[int, int]
) -> tuple[pd.DataFrame, dict[int, str], np.ndarray]:  # fmt: skip
    """`df` (with its reference rows, `_with_reference_rows`) and after it the register's
    residents of the years of its reference rows and of its population rows
    (`population_rows`), as rows of each theme that has such rows (measure RESIDENTS_MEASURE,
    group totaal, each count a share of 1 as in `residents.protect_with_residents`), with
    the status their own table's disclosure control gave them; then the populations that
    other themes' tables decided before this one publish or hide (`population_counts`:
    the migratie adults in the kopp table), as rows of the same kind; {row: its name} of the
    new rows; a boolean per row of the result, True for a new row that is published (never
    a partner here: fixed); and the links (residents row, [the parts' rows], name) of
    `_with_population_relations`.

    `residents`: the rows other tables' disclosure control decided before this one: the
    register's residents (`kerncijfers/inwoners.csv`'s rows, method `register_ratio`) and
    any other theme's whole table with its status (`migratie`'s, for kopp).

    The same residents are then one count in both tables: a reference row whose n0 equals an
    area's residents is tied to its row (`audit.measures_structure`, rows that count the same
    persons), so a wijk whose residents the other table hides (1 to 9 residents, or its
    partner) is a primary or secondary row here too, whose counts the audit protects against
    everything both tables publish; a suppressed row of theirs stays suppressed (a primary one
    is never published; a secondary one the audit finds known anyway is, here only: the
    attacker has it). Without such rows, or without `residents`, `df` is unchanged."""
    none = np.zeros(len(df), dtype=bool)
    if residents is None or residents.empty:
        return df, {}, none
    own = population_rows(df)
    refs = pd.concat([df.loc[list(partners)], df[own]])
    years = set(pd.to_numeric(refs["year"]).astype(int))
    rows = residents[pd.to_numeric(residents["year"]).astype(int).isin(years)]
    count = pd.to_numeric(rows["n_numerator"], errors="coerce")
    rows = rows[count.notna() & rows["status"].notna()]
    measure = rows["measure"].astype(str) if "measure" in rows else pd.Series("", index=rows.index)
    part_of = {f"{POPULATION_MEASURE}{part}": part for part in POPULATION_PART.values()}
    inwoners, populations = rows[~measure.isin(part_of)], rows[measure.isin(part_of)]
    if inwoners.empty:
        return df, {}, none
    parts, names = [], []
    for theme in sorted(set(refs["theme"].astype(str))):
        parts.append(_as_count_rows(inwoners, theme, RESIDENTS_MEASURE))
        names += [f"the register's residents of {a} {y} (kerncijfers/inwoners.csv)"
                  for a, y in zip(inwoners["area_code"], inwoners["year"], strict=True)]  # fmt: skip
        if theme not in POPULATION_PART:
            continue
        for m, part in sorted(part_of.items()):
            theirs = populations[populations["measure"].astype(str) == m]
            parts.append(_as_count_rows(theirs, theme, m))
            names += [f"the {part} of {a} {y} (decided with kerncijfers/inwoners.csv)"
                      for a, y in zip(theirs["area_code"], theirs["year"], strict=True)]  # fmt: skip
    new = pd.concat(parts, ignore_index=True)
    if "status" not in df:
        df = df.assign(status="ok")
    new = new[[c for c in new.columns if c in df.columns]]
    out = pd.concat([df, new], ignore_index=True)
    others = {len(df) + i: name for i, name in enumerate(names)}
    held = np.concatenate([none, (new["status"] == "ok").to_numpy(dtype=bool)])
    return out, others, held


def _as_count_rows(rows: pd.DataFrame, theme: str, measure: str) -> pd.DataFrame:
    """Count rows (`n_numerator`) as rows of `theme`'s table: measure `measure`, group totaal,
    method `register_ratio`, each count a share of 1 (`primary.count_mask`)."""
    work = rows.copy()
    work["theme"], work["measure"], work["definition"] = theme, measure, ""
    work["group"] = work["group_value"] = "totaal"
    work["method"] = COUNT_METHODS[0]
    n = pd.to_numeric(work["n_numerator"], errors="coerce").astype(float)
    work["n_numerator"] = work["n_denominator"] = n
    work["numerator"] = work["denominator"] = n
    for c in ("value", "ci_lower", "ci_upper", "se"):
        work[c] = np.nan
    return work


def _population_links(df: pd.DataFrame) -> list[tuple[int, list[int], str]]:
    """(residents row, [its parts' rows], name) per theme, year and area of `df` that has the
    register's residents (measure RESIDENTS_MEASURE) and parts of them: the theme's own
    population row (`population_rows`, the first of the area) and the populations of the
    other themes as rows `register.<part>` (`POPULATION_PART`; the theme's own part is its
    own row)."""
    key = ["theme", "year", "area_code"]
    frame = df[key].astype(str).reset_index(drop=True)
    measure = df["measure"].astype(str).reset_index(drop=True)
    own = population_rows(df)
    parts_at: dict[tuple[str, ...], list[int]] = {}
    for i, *k in frame[own].drop_duplicates(key).itertuples():
        parts_at[tuple(k)] = [int(i)]
    mine = frame["theme"].map(lambda t: f"{POPULATION_MEASURE}{POPULATION_PART.get(t)}")
    theirs = measure.isin([f"{POPULATION_MEASURE}{p}" for p in POPULATION_PART.values()])
    for i, *k in frame[theirs & (measure != mine)].itertuples():
        parts_at.setdefault(tuple(k), []).append(int(i))
    return [
        (int(i), parts_at[tuple(k)], "/".join(k))
        for i, *k in frame[measure == RESIDENTS_MEASURE].itertuples()
        if tuple(k) in parts_at
    ]


def _hidden_population(df: pd.DataFrame, n: int) -> np.ndarray:
    """True for each of `df`'s first `n` rows (the table's own) that carries its theme's
    population (`population_rows`) where the population's decided row (after `n`, measure
    `register.<part>` of the theme's own part) is suppressed: that pattern of the residents,
    adults and children was proved safe together, so the table hides what it hid."""
    out = np.zeros(n, dtype=bool)
    if len(df) == n or "status" not in df:  # no rows of other tables
        return out
    key = ["theme", "year", "area_code"]
    tail = df.iloc[n:]
    part = tail["theme"].astype(str).map(lambda t: f"{POPULATION_MEASURE}{POPULATION_PART.get(t)}")
    hidden = tail[(tail["measure"].astype(str) == part) & (tail["status"] != "ok")]
    if hidden.empty:
        return out
    gone = set(map(tuple, hidden[key].astype(str).to_numpy()))
    head = df.iloc[:n]
    at = [tuple(k) in gone for k in head[key].astype(str).to_numpy()]
    return population_rows(head) & np.asarray(at, dtype=bool)


def _with_population_relations(
    structure: MeasuresStructure, links: Sequence[tuple[int, list[int], str]]
) -> tuple[MeasuresStructure, set[int]]:
    """`structure` with, per link (`_population_links`), the residents' count equal to the sum
    of its parts' denominators and a slack row: the residents in none of the parts (without
    an age, or of an age no theme counts), never published (a `hidden` row of the audit, 0 or
    more). Where the parts exceed the residents (themes whose ages overlap) no relation.
    Returns the structure and its slack rows. So an attacker's children <= residents -
    adults, adults <= residents - children and residents >= adults + children are in the LPs
    of secondary suppression and of the audit (docs/rules.md#e7).

    A slack of 1 or more counts persons (the residents without a GBAPERSOONTAB row,
    docs/rules.md#l8), whom the three published counts give away by difference as `breed` -
    `ggz` gives a definition's persons away: a row of `differences` and `counts`, judged by
    the primary rule as a count (1 to threshold - 1), so secondary suppression and the audit
    keep its interval at least the threshold wide (docs/rules.md#e7). A slack of 0 is no
    group of persons (as a definitions' difference of 0), also with `publish_zeros: false`."""
    if not links:
        return structure, set()
    table = structure.table
    values = table.values.reshape(table.n_rows, table.n_columns)
    at = {int(p): i for i, p in enumerate(structure.positions)}
    extra, relations, labels, persons = [], [], [], []
    for total, parts, name in links:
        rows = [at.get(r) for r in (total, *parts)]
        if None in rows:
            continue
        gap = values[rows[0], 1] - values[rows[1:], 1].sum()
        if gap < 0:
            continue
        slack = table.n_rows + len(extra)
        if gap >= 1:
            persons.append(slack)
        extra.append([gap, gap])
        labels.append(f"{name}: the residents outside the themes' populations")
        relations.append(Relation(rows[0], (*rows[1:], slack), (1,)))
    if not extra:
        return structure, set()
    new = AdditiveTable(
        np.vstack([values, np.asarray(extra, dtype=float)]), [*table.relations, *relations],
        ordered=table.ordered, lower=table.lower,
    )  # fmt: skip
    slack = set(range(table.n_rows, new.n_rows))
    return replace(
        structure, table=new, residual_of=[*structure.residual_of, *labels],
        hidden=(*structure.hidden, *sorted(slack)),
        differences=(*structure.differences, *persons), counts=(*structure.counts, *persons),
    ), slack  # fmt: skip


def _couple_reference_rows(
    safe: pd.DataFrame, audit: pd.DataFrame, partners: dict[int, int], index: pd.Index,
    others: Mapping[int, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """A ratio row suppressed where its reference row is (with its status: primary when the
    reference counts break the primary rule); the reference rows and the `others` (the
    residents' rows, `_with_residents_rows`: {row: its name}) dropped, df's own index back;
    the audit's rows of both named as residuals. Suppressing more only widens the attacker's
    intervals, so the audited pattern stays protected."""
    safe = safe.copy()
    for ref, row in partners.items():
        if safe.at[ref, "status"] != "ok" and safe.at[row, "status"] == "ok":
            safe.at[row, "status"] = safe.at[ref, "status"]
    n = len(index)
    audit = audit.copy()
    is_ref = audit["row"].isin(list(partners))
    audit["residual"] = audit["residual"].astype(object)
    audit.loc[is_ref, "residual"] = [
        f"{index[partners[int(r)]]}: the reference counts its value and se imply"
        for r in audit.loc[is_ref, "row"]
    ]
    audit.loc[is_ref, "row"] = pd.NA
    is_other = audit["row"].isin(list(others or {}))
    audit.loc[is_other, "residual"] = [others[int(r)] for r in audit.loc[is_other, "row"]]
    audit.loc[is_other, "row"] = pd.NA
    mine = audit["row"].notna()
    audit.loc[mine, "row"] = [index[int(r)] for r in audit.loc[mine, "row"]]
    return safe.iloc[:n].set_axis(index), audit


def _suppress_forced_empty_rows(safe, forced, structure, threshold, publish_zeros) -> None:
    """Forced rows that secondary suppression left published are empty cells (a cell of 0
    persons is never suppressed for its own sake): suppressed here, in place, unless the
    attacker computes them exactly anyway (then publishing them tells nothing). Suppressing
    more only widens every interval, so the pattern stays protected."""
    late = forced.reindex(safe.index, fill_value=False) & (safe["status"] == "ok")
    if not late.any():
        return
    safe.loc[late, "status"] = "suppressed_secondary"
    suppressed, _ = suppression_state(safe, structure, threshold, publish_zeros=publish_zeros)
    where = {label: i for i, label in enumerate(safe.index[structure.positions])}
    labels = [x for x in safe.index[late] if x in where]
    rows = [where[x] for x in labels]
    known = structure.table.recoverable(suppressed, rows) if rows else []
    safe.loc[[x for x, k in zip(labels, known, strict=True) if k], "status"] = "ok"


def nested_rows(df: pd.DataFrame, nests: Sequence[CountNest]) -> np.ndarray:
    """True for the rows of a nested measure (`CountNest.measure`/`definition`), trend rows
    included."""
    out = np.zeros(len(df), dtype=bool)
    for n in nests:
        out |= ((df["measure"] == n.measure) & (df["definition"] == n.definition)).to_numpy()
    return out


def protect_nested(
    df: pd.DataFrame, outer: pd.DataFrame, nests: Sequence[CountNest], threshold: int,
    publish_zeros: bool, parents: Mapping[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Disclosure control of measures nested in another's numerator (`CountNest`), after the
    other rows (`outer`, with their final status). Returns (rows with status, audit).

    A nested row's n_denominator is its outer row's n_numerator (migratie.zorgkloof's
    respondents with high distress are k10_hoog's numerator, same year, area, group and
    value). So:

    - where the outer row is suppressed, the nested row is suppressed too (secondary), an
      empty one included (its 0 would give the outer numerator away), unless the attacker
      computes it exactly anyway;
    - where the outer row is published, the nested row's denominator is known to the
      attacker (`audit.measures_structure`, `known_denominators`), and its own counts are
      protected against that.

    Then the nested rows give nothing more on the outer numerators than the outer rows'
    relations do: their published denominators are published outer numerators, and their
    suppressed ones are tied by the same area and group sums as the outer suppressed
    numerators (numerator <= denominator adds only that a sum is at least a published sum,
    which the outer table knows exactly where the nested one knows it at all)."""
    forced, known = nest_links(df, outer, nests)
    return _protect_counts(
        df, threshold, publish_zeros, parents, known_denominators=known, forced=forced
    )


def nest_links(
    df: pd.DataFrame, outer: pd.DataFrame, nests: Sequence[CountNest]
) -> tuple[pd.Series, pd.Series]:
    """(forced, known) on df's index: whether a nested row's outer row is suppressed, and the
    outer row's published n_numerator where it equals the nested row's n_denominator."""
    cell = ["year", "area_level", "area_code", "group", "group_value", "method"]
    forced = pd.Series(False, index=df.index)
    known = pd.Series(np.nan, index=df.index)
    for n in nests:
        mine = df[(df["measure"] == n.measure) & (df["definition"] == n.definition)]
        theirs = outer[
            (outer["measure"] == n.within) & (outer["definition"] == n.within_definition)
        ]
        theirs = theirs.assign(**{c: theirs[c].astype(str) for c in cell})
        by_cell = theirs.drop_duplicates(cell).set_index(cell)
        at = pd.MultiIndex.from_frame(mine[cell].astype(str))
        status = by_cell["status"].reindex(at).to_numpy()
        num = pd.to_numeric(by_cell["n_numerator"], errors="coerce").reindex(at).to_numpy()
        den = pd.to_numeric(mine["n_denominator"], errors="coerce").to_numpy()
        # rows with counts only: a trend row follows its own series (propagate_suppression)
        hidden = pd.notna(status) & (status != "ok") & ~np.isnan(den)
        forced.loc[mine.index] = hidden
        shown = (status == "ok") & (num == den)
        known.loc[mine.index[shown]] = den[shown]
    return forced, known


def summary(df: pd.DataFrame) -> dict[str, int]:
    """Rows published and suppressed (primary, secondary) in one table."""
    counts = df["status"].value_counts()
    return {
        "rows": int(len(df)),
        "published": int(counts.get("ok", 0)),
        "suppressed_primary": int(counts.get("suppressed_primary", 0)),
        "suppressed_secondary": int(counts.get("suppressed_secondary", 0)),
    }


def protect_counts(
    df: pd.DataFrame, threshold: int, publish_zeros: bool, geography: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`protect` for a table of counts without a denominator count (n_denominator empty: the
    register's residents beside Kerncijfers' inhabitants, `kerncijfers/inwoners.csv`): each
    count goes in as a share of 1 (n_denominator = n_numerator), so the primary rule, the
    partners and the LP audit read the count alone, wijken adding up to the gemeente; the
    statuses come back on `df`, its numbers unchanged. The primary rule alone left a wijk of
    5 residents as the gemeente minus the other wijken (Z11). Counts are not rounded: the
    table compares them with Kerncijfers'. Returns (table with status, audit)."""
    work = df.copy()
    num = pd.to_numeric(work["n_numerator"], errors="coerce")
    only = work["n_denominator"].isna() & num.notna()
    work["n_denominator"] = work["n_denominator"].astype("Float64")
    work.loc[only, "n_denominator"] = num[only]
    safe, audit = protect(work, threshold, publish_zeros, None, geography)
    out = df.copy()
    out["status"] = safe["status"].reindex(out.index).to_numpy()
    return out, audit
