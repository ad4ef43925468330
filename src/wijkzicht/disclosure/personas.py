"""Disclosure control of the persona table: which persona's may leave, proven by the LP audit.

A persona is a published count of persons in a theme's target group in one area who share a
combination of attributes (`themes.personas.select_personas`). What an attacker can derive,
and how each is handled:

- a persona's count is the sum of cells of the cross-table wijk x attributes of the target
  group; persona's of one area never share a person, so per area
  sum(n_persons) + left out = n_target, and n_persons <= n_target;
- the gemeente's persona's are sums of the same cells over the wijken, so a gemeente
  persona minus the wijk persona's of the same combination is a count of persons in the
  other wijken;
- n_target is the numerator of the theme's target row in `measures.csv` (group totaal,
  method wilson), and the rows of a breakdown that is also an attribute (kopp.aandeel by
  leeftijd, migratie.<measure> by herkomst) are sums of the same cells.

`protect_personas` builds these relations as an `audit.AdditiveTable` over the non-empty cells
(so the attacker is assumed to know which cells are empty: stricter than needed), with every
persona and every published measures row shown and every cell hidden, and attacks: every
cell of 1 to threshold-1 persons (its interval must be at least threshold wide), the
numerator of every primary-suppressed measures row of 1 to threshold-1 (the same), and every
other suppressed measures row (it must not become exactly known). While an attack succeeds,
the smallest persona that shares a relation with the attacked count is dropped, and the
audit runs again. Each published persona also passes the primary rule on
(n_persons, n_target) as a measures row does on (n_numerator, n_denominator).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wijkzicht.disclosure.primary import SUPPRESSED, published_status, sensitive
from wijkzicht.disclosure.rounding import round_to_base
from wijkzicht.errors import WijkzichtError
from wijkzicht.themes.personas import (
    ATTRIBUTES,
    PersonaSpec,
    area_personas,
    persona_spec,
    target_persons,
)

if TYPE_CHECKING:  # the LP audit (highspy, scipy.sparse) is imported where it runs: the export
    # gate imports this module for `check_persona_rows` only (about 0.25 CPU s)
    from wijkzicht.disclosure.audit import Relation, Target

# target: the definition (kopp, nieuwkomers) or registry measure (migratie) whose persons form
# the target group (`PersonaSpec.target`): what n_target counts, in words on the cards;
# rounding_base: the base n_persons and n_target were rounded to (`personas.rounding_base`), 0
# when they are exact: the cards say "ongeveer" only for a rounded count
COLUMNS = [
    "theme", "year", "target", "area_level", "area_code", "area_name", "rank", *ATTRIBUTES,
    "n_persons", "n_target", "rounding_base", "status",
]  # fmt: skip


class PersonaDisclosureError(WijkzichtError, RuntimeError):
    """The persona table cannot be made safe by dropping persona's (a relation outside them)."""


def target_rows(
    measures: pd.DataFrame, spec: PersonaSpec, year: int, *, exact: bool = True,
    personas: pd.DataFrame | None = None,
) -> pd.DataFrame:  # fmt: skip
    """The rows of the exported measures table that count the target group of `spec` in
    `year`: its measure and definition, method wilson, gemeente and wijk, group totaal and the
    groups that are attributes. With `personas` (`area_personas`) and `exact` (the measures
    were not rounded), PersonaDisclosureError unless every published area total equals the
    persona's n_target: the persona's must count the persons the measure counts."""
    m = measures[(measures["measure"] == spec.measure) & (measures["definition"] == spec.target)
                 & (measures["year"].astype(int) == int(year)) & (measures["method"] == "wilson")
                 & measures["area_level"].isin(["gemeente", "wijk"])
                 & measures["group"].isin(["totaal", *spec.attributes])]  # fmt: skip
    if m.empty:
        raise PersonaDisclosureError(
            f"measures.csv has no rows of {spec.measure} definition {spec.target} in {year} "
            f"(method wilson): personas.themes.{spec.theme}.target must name one"
        )
    if personas is not None and exact:
        tot = m[(m["group"] == "totaal") & (m["status"] == "ok")]
        n = personas.drop_duplicates("area_code").set_index("area_code")["n_target"]
        got = tot.set_index("area_code")["n_numerator"]
        off = [c for c in got.index if c in n.index and int(n[c]) != int(got[c])]
        if off:
            raise PersonaDisclosureError(
                f"{spec.theme} {year}: the target group of the persona's does not match "
                f"{spec.measure} {spec.target} in measures.csv for {off[:5]} "
                f"({[int(n[c]) for c in off[:5]]} persons against {[int(got[c]) for c in off[:5]]})"
            )
    cols = ["area_level", "area_code", "group", "group_value", "status"]
    return m[cols].reset_index(drop=True)


def _relations(personas: pd.DataFrame, cells: pd.DataFrame, measures: pd.DataFrame,
               gemeente: str) -> tuple[np.ndarray, list[Relation], list[dict]]:  # fmt: skip
    """Rows (cells, then one row per area total, breakdown row and persona), their relations
    and what each row after the cells is."""
    from wijkzicht.disclosure.audit import Relation

    values = list(cells["n"].astype(float))
    relations: list[Relation] = []
    rows: list[dict] = []
    wijk = cells["wijk"].to_numpy()

    def add(components: np.ndarray, info: dict) -> None:
        comps = tuple(int(c) for c in components)
        if not comps:
            return
        relations.append(Relation(len(values), comps))
        values.append(float(cells["n"].to_numpy()[list(comps)].sum()))
        rows.append({**info, "row": len(values) - 1, "cells": comps})

    for m in measures.to_dict("records"):
        where = (
            np.ones(len(cells), dtype=bool)
            if m["area_code"] == gemeente
            else wijk == m["area_code"]
        )
        if m["group"] != "totaal":
            where &= cells[m["group"]].to_numpy() == m["group_value"]
        add(np.flatnonzero(where), {"kind": "measure", **m})
    for p in personas[personas["rank"] > 0].to_dict("records"):
        add(np.asarray(p["cells"], dtype=int), {"kind": "persona", **p})
    return np.asarray(values), relations, rows


def _attack(values, relations, rows, threshold: int, n_cells: int):
    """(targets, requirement per target, protected per target, the table, hidden mask)."""
    from wijkzicht.disclosure.audit import EXACT_WIDTH, AdditiveTable, Target

    table = AdditiveTable(values, relations)
    hidden = np.zeros(len(values), dtype=bool)
    hidden[:n_cells] = True
    for r in rows:
        if r["kind"] == "measure" and r["status"] != "ok":
            hidden[r["row"]] = True
    targets: list[Target] = []
    need: list[float] = []
    about: list[dict] = []
    for c in np.flatnonzero((values[:n_cells] >= 1) & (values[:n_cells] <= threshold - 1)):
        targets.append(Target(int(c), (1.0,)))
        need.append(threshold)
        about.append({"kind": "cell", "row": int(c)})
    for r in rows:
        if r["kind"] == "measure" and r["status"] != "ok":
            # primary (the internal status); a bare `suppressed` (an exported status, which
            # does not say which) is taken as primary: the wider requirement
            small = r["status"] in ("suppressed_primary", SUPPRESSED) and (
                1 <= values[r["row"]] <= threshold - 1
            )
            targets.append(Target(r["row"], (1.0,)))
            need.append(threshold if small else EXACT_WIDTH)
            about.append(r)
    ok = np.ones(len(targets), dtype=bool)
    for level in sorted(set(need)):
        idx = [i for i, n in enumerate(need) if n == level]
        ok[idx] = table.protected(hidden, [targets[i] for i in idx], level)
    return targets, need, ok, table, hidden


def protect_personas(
    personas: pd.DataFrame, cells: pd.DataFrame, measures: pd.DataFrame, *, gemeente: str,
    threshold: int, publish_zeros: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """The persona's that may be published, and the audit of the final table.

    personas, cells: `themes.personas.area_personas` of one year (rank 0 marks an area
    without persona's). measures: the target rows of that year from the exported
    measures table (area_level gemeente or wijk; group totaal and the breakdowns that are
    attributes), with area_code, group, group_value and status: the internal status
    (suppressed_primary or suppressed_secondary; the export says `suppressed` alone), so
    that the audit asks a primary row's count to stay at least threshold wide.

    Returns (personas with a `status` column, audit). An area whose target row is not
    published gets that row's status and no persona's; an area without a persona after
    selection `suppressed_primary`, after the audit `suppressed_secondary`. The audit has
    one row per attacked count: kind (cell or measure), area_code, value, lower, upper,
    required width, protected.
    """
    p = personas.copy().reset_index(drop=True)
    totals = measures[measures["group"] == "totaal"]
    status = dict(zip(totals["area_code"], totals["status"], strict=True))
    p["status"] = [status.get(c, "suppressed_secondary") for c in p["area_code"]]
    # the primary rule on (n_persons, n_target), as on (n_numerator, n_denominator)
    counts = p[["n_persons", "n_target"]].to_numpy(dtype=float)
    bad = sensitive(counts, threshold, publish_zeros=publish_zeros).any(axis=1)
    p.loc[bad & (p["rank"] > 0), "rank"] = -1
    p.loc[(p["status"] != "ok") & (p["rank"] > 0), "rank"] = -1
    n_cells = len(cells)
    wijk = cells["wijk"].to_numpy()
    while True:
        values, relations, rows = _relations(p, cells, measures, gemeente)
        targets, need, ok, table, hidden = _attack(values, relations, rows, threshold, n_cells)
        if ok.all():
            break
        shown = [r for r in rows if r["kind"] == "persona"]
        info = {r["row"]: r for r in rows}
        drop = set()
        for t, fine in zip(targets, ok, strict=True):
            if fine:
                continue
            cset = {t.row} if t.row < n_cells else set(info[t.row]["cells"])
            area = _area_of(t.row, info, wijk, n_cells)
            # the persona's holding the attacked persons; else those sharing persons of its
            # area with it; else the city's
            mine = set(np.flatnonzero(wijk == area)) if area else cset
            near = [r for r in shown if cset & set(r["cells"])]
            near = near or [r for r in shown if mine & set(r["cells"]) or r["area_code"] == area]
            near = near or [r for r in shown if r["area_code"] == gemeente]
            if not near:
                raise PersonaDisclosureError(
                    f"a count the persona table relies on (area {area or 'without wijk'}) can be "
                    f"narrowed below {threshold} without any persona; check the target rows of "
                    "measures.csv"
                )
            worst = min(near, key=lambda r: (r["n_persons"], r["area_level"] != "wijk",
                                             r["area_code"], -r["rank"]))  # fmt: skip
            drop.add((worst["area_code"], worst["rank"]))
        hit = [(c, r) in drop for c, r in zip(p["area_code"], p["rank"], strict=True)]
        p.loc[hit, "rank"] = -2
    info = {r["row"]: r for r in rows}
    lo, hi, _ = table.attack(hidden, targets, threshold)
    audit = pd.DataFrame({
        "kind": ["cell" if t.row < n_cells else "measure" for t in targets],
        "area_code": [_area_of(t.row, info, wijk, n_cells) for t in targets],
        "value": [table.value(t) for t in targets], "lower": lo, "upper": hi,
        "required": need, "protected": ok,
    })  # fmt: skip
    return _final(p), audit


def _area_of(row: int, info: dict[int, dict], wijk: np.ndarray, n_cells: int) -> str:
    """The area of an attacked row: a cell's wijk (`wijk`: the cells' wijk column as an
    array, not a pandas lookup per row), else the area of the measures row."""
    return str(wijk[row]) if row < n_cells else str(info[row]["area_code"])


def _final(p: pd.DataFrame) -> pd.DataFrame:
    """Per area its persona's ranked 1.. again, or one row naming why there are none."""
    out = []
    for _, area in p.groupby(["area_level", "area_code"], sort=False):
        kept = area[area["rank"] > 0].sort_values("rank")
        if len(kept):
            out.append(kept.assign(rank=np.arange(1, len(kept) + 1)))
            continue
        row = area.iloc[[0]].copy()
        for a in ATTRIBUTES:
            row[a] = ""
        row["n_persons"] = np.nan
        if row["status"].iloc[0] == "ok" and row["n_target"].iloc[0] > 0:
            dropped = (area["rank"] == -2).any()
            row["status"] = "suppressed_secondary" if dropped else "suppressed_primary"
        row["rank"] = 0
        out.append(row)
    return pd.concat(out, ignore_index=True)


def export_rows(p: pd.DataFrame, *, theme: str, year: int, base: int, target: str) -> pd.DataFrame:
    """The rows of `<theme>/personas.csv` (`COLUMNS`; `target` the spec's target, the same on
    every row): counts rounded to `base` (0 or 1: as they are; column rounding_base says which,
    0 for exact counts),
    suppressed rows and an area without persona's with blank counts and attributes and status
    `suppressed` (whether primary or secondary), an empty area (n_target 0) `ok` with n_target
    0 and no persona."""
    rounding = int(base) if base and base > 1 else 0
    out = p.assign(theme=theme, year=year, target=target, rounding_base=rounding).copy()
    n = out["n_persons"].astype(float)
    t = out["n_target"].astype(float)
    if rounding:
        n, t = round_to_base(n, base), round_to_base(t, base)
    hidden = (out["status"] != "ok").to_numpy()
    # one status for every suppressed row, as in measures.csv (`primary.published_status`)
    out["status"] = published_status(out["status"]).to_numpy()
    out["n_persons"] = pd.array(np.where(out["rank"] > 0, n, np.nan), dtype="Float64").astype(
        "Int64"
    )
    out["n_target"] = pd.array(np.where(hidden, np.nan, t), dtype="Float64").astype("Int64")
    out["rank"] = pd.array(np.where(out["rank"] > 0, out["rank"], np.nan), dtype="Float64").astype(
        "Int64"
    )
    return out[COLUMNS]


def theme_personas(theme: str, measures: pd.DataFrame, years: Sequence[int], persons: Sequence[str],
                   attributes: Sequence[str], conditions: Sequence[str], geo: pd.DataFrame, *,
                   settings: dict, disclosure: dict, definitions: dict, gemeente: str,
                   log=None) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """The persona table of `theme` (the rows of `<theme>/personas.csv`) and its audit, over
    its persona `years`: per year the target persons (from the files `persons`, `attributes`
    and `conditions` of that year, in the order of `years`), their persona's per area, and
    `protect_personas` against the published target rows of `measures` (measures.csv as read
    back, with the internal status of each row: suppressed_primary or suppressed_secondary)."""
    d = disclosure
    spec = persona_spec(theme, settings, d["threshold"], definitions)
    tables, audits = [], []
    for k, year in enumerate(years):
        target = target_persons(
            theme, pd.read_parquet(persons[k]), pd.read_parquet(attributes[k]),
            pd.read_parquet(conditions[k]), spec, definitions,
        )  # fmt: skip
        personas, cells = area_personas(target, spec, geo, gemeente)
        rows = target_rows(measures, spec, year, exact=not d["rounding_base"], personas=personas)
        safe, audit = protect_personas(personas, cells, rows, gemeente=gemeente,
                                       threshold=d["threshold"], publish_zeros=d["publish_zeros"])  # fmt: skip
        tables.append(export_rows(safe, theme=theme, year=year, base=settings["rounding_base"],
                                  target=spec.target))  # fmt: skip
        audits.append(audit.assign(year=year))
        if log is not None:
            log.info("%s %d: %d target persons, %d persona's, audit of %d counts, all protected",
                     theme, year, len(target), int((safe["rank"] > 0).sum()), len(audit))  # fmt: skip
    return pd.concat(tables, ignore_index=True), pd.concat(audits, ignore_index=True)


def check_persona_rows(rows: Sequence[dict[str, str]], threshold: int,
                       publish_zeros: bool = True) -> list[tuple[int, str]]:  # fmt: skip
    """The export gate's rules for a persona table (rows of the CSV as text): (row number,
    problem). A status outside ok/suppressed (`primary.EXPORT_STATUSES`: the export does not
    say primary or secondary); a suppressed row with a count or an attribute; an `ok` persona
    whose (n_persons, n_target) breaks the primary rule; an `ok` row without a persona whose
    n_target is not 0."""
    from wijkzicht.disclosure.primary import EXPORT_STATUSES

    problems = []
    for i, r in enumerate(rows):
        status = r.get("status", "").strip()
        filled = [c for c in ("n_persons", "n_target", *ATTRIBUTES) if r.get(c, "").strip()]
        if status not in EXPORT_STATUSES:
            problems.append((i, f"status {status!r} is not one of {', '.join(EXPORT_STATUSES)}"))
        elif status != "ok":
            if filled:
                problems.append((i, f"{status} row still carries {', '.join(filled)}"))
        elif not r.get("n_persons", "").strip():
            if r.get("n_target", "").strip() not in ("0", ""):
                problems.append((i, "an ok row without a persona must have n_target 0"))
        else:
            try:
                counts = np.array([[float(r["n_persons"]), float(r["n_target"])]])
            except (KeyError, ValueError):
                problems.append((i, "n_persons and n_target must be numbers"))
                continue
            if counts[0, 0] < threshold or sensitive(counts, threshold,
                                                     publish_zeros=publish_zeros).any():  # fmt: skip
                problems.append((i, f"n_persons {counts[0, 0]:g} of n_target {counts[0, 1]:g} "
                                    f"breaks the primary rule (threshold {threshold})"))  # fmt: skip
    return problems
