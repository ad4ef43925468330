"""What changed between two releases: each figure added, removed, changed, newly suppressed or
newly published (`rows`, the table changes.csv), and per measure how many (`compare`).

`python -m wijkzicht.release.changes PREVIOUS_EXPORT NEW_EXPORT [--tolerance 1e-9] [--out changes.csv]`
prints the counts per measure and writes the figures that differ to `--out` (of a changed figure
what a reader sees differ, `zichtbaar`: its printed value, its printed interval alone, or
nothing); with both releases' manifest.json (finished releases) each changed, newly published
or newly suppressed figure gets a reason, `reden` (`reasons`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from wijkzicht.disclosure.export import read_measures_csv, write_csv
from wijkzicht.disclosure.primary import published_status
from wijkzicht.disclosure.rounding import WEIGHTED_METHODS
from wijkzicht.inputs.contracts import TABLES
from wijkzicht.outputs import format as fmt
from wijkzicht.outputs.findings import SLIGHT, TREND_NULL, trend_verdicts
from wijkzicht.population.conditions import SOURCE_TABLES
from wijkzicht.release.manifest import _condition_parts, codelist_hashes, definition_parts
from wijkzicht.themes.small_area import METHOD as MODEL_ESTIMATE
from wijkzicht.themes.table import KEY

ROW_KEY = [c for c in KEY if c != "area_name"]
VALUES = ["value", "ci_lower", "ci_upper", "numerator", "denominator"]
# what changes.csv repeats of each release: the value and its interval, never a count (the
# figures are in the releases' own tables; a figure suppressed now keeps the previous
# release's published number, never one of this release)
SHOWN = ["value", "ci_lower", "ci_upper"]
# the kinds of change of one figure, in the order of changes.csv: `new_year` a figure of a year
# the previous release did not have (of a measure and definition it had), `trend_extended` a
# trend row whose series now ends in a later year (it stands in its last year: the previous
# release's row of the same trend, in its own last year, is not `removed`), `added` any other
# new figure (a new definition, area or group)
CHANGES = [
    "newly_published", "newly_suppressed", "changed", "added", "new_year", "trend_extended",
    "removed",
]  # fmt: skip
# what a reader sees of a `changed` figure (column `zichtbaar`; empty for the other kinds, which
# a reader sees by their kind): `waarde` its value as the pages print it differs, `interval` the
# printed value is the same and only the printed interval differs (the uncertainty, U11: a model
# estimate 49% (44-53) became 49% (44-54)), `niets` value and interval print the same (a
# difference below the pages' precision, or in the counts alone). A trend row (`TREND_NULL`) is
# printed in words (stijgt, daalt, geen duidelijke trend: `outputs.findings.trend_verdicts`):
# `waarde` when its words differ (U13 M1: Binnenstad's "daalt" became "geen duidelijke trend",
# and "53 cijfers veranderd" said neither), else `niets` (its number per year, in the workbook
# alone, is not counted). The pages count and list `waarde` as changed
# (`outputs.report.visible_changes`); changes.csv keeps every difference.
SEEN = ("waarde", "interval", "niets")
# how the pages print a figure of each method (outputs/format.py, at the precision of the page
# that prints it most precisely, the workbook): a formatter of `format` and its decimals. A
# method not listed is compared as it is (any difference beyond the tolerance is `waarde`).
PRINTED = {
    "wilson": (fmt.pct, 1), "direct_std_gamma": (fmt.pct, 1), "survey_taylor": (fmt.pct, 1),
    "modelschatting": (fmt.pct, 0),  # published in whole percentages
    "ratio_katz": (fmt.ratio, 2), "relative_risk_katz": (fmt.ratio, 2), "logit_glm": (fmt.ratio, 2),
    "trend_logit": (fmt.ratio, 2),  # an odds ratio per year
    "trend_wls": (fmt.pct, 2),  # percentage points per year: +0,42%-punt
    "per_1000": (fmt.number, 0),  # an organisation's figure per 1.000
}  # fmt: skip
ROW_COLUMNS = [
    *KEY, "change", "zichtbaar", "status_old", "status_new",
    *(f"{c}_{v}" for v in ("old", "new") for c in SHOWN), "difference", "trend_old", "trend_new",
]  # fmt: skip
# `trend_old`, `trend_new`: of a changed trend row the words of each release as a verdict of
# `outputs.findings.TREND_VERDICTS` (daalt, geen_trend, ...), so the pages can say "was: daalt";
# empty for every other row
COUNTS = [
    "rows_added",
    "rows_new_year",
    "trends_extended",
    "rows_removed",
    "rows_changed",
    "newly_suppressed",
    "newly_published",
    "rows_same",
]


# the export's measures tables besides the themes' (organisation figures, the register
# against Kerncijfers): the same columns, compared the same way
OTHER_MEASURES = ("organisaties/cijfers.csv", "kerncijfers/inwoners.csv")

# Why a figure changed (column `reden`), told from the two releases' manifests alone: which
# input files the figure is made from differ (their sha256), and whether the code or a setting
# that makes counts differs. Never from a figure's counts: one release hides them where its
# status changed, and a reason drawn from them would say something of the hidden figure.
REASONS = {
    "gegevens": "andere gegevens: een invoerbestand waaruit het cijfer is gemaakt, is anders",
    "werkwijze": "andere werkwijze: dezelfde invoer, maar een andere versie van wijkzicht of "
                 "een andere instelling die de aantallen maakt",
    "privacyregels": "alleen de privacyregels: dezelfde invoer, code en instellingen, dus "
                     "dezelfde aantallen; alleen wat de privacycontrole publiceert is anders",
    "onbekend": "niet na te gaan uit de manifesten van de twee uitgaven",
}  # fmt: skip
# the kinds of change that get a reason; the others (added, new_year, trend_extended, removed)
# say their reason by their kind, and their `reden` is empty
EXPLAINED = ("changed", "newly_published", "newly_suppressed")
# the themes whose figures are made from the CBS tables (of their year and the years before
# it) and the reference files; any other measures table (the partners' figures, the register
# against Kerncijfers) counts every input file of the release as its own
THEMES_FROM_TABLES = ("kopp", "migratie", "nieuwkomers")
# what a manifest records of the code (`manifest.build`) when it has no code of the counts' rules
CODE_KEYS = ("package_sha256", "workflow_sha256")
# the input files that make no count of those themes: the partners' figures, the Kerncijfers
# editions, the map (its tables: every input file)
NOT_READ = ("organisation_figures/", "kerncijfers/", "reference/boundaries")
# the tables every figure of those themes reads, whatever its definition: the register's
# persons, addresses, households and parent links, the addresses' wijk and buurt; a condition's
# tables by its source (`population.conditions.SOURCE_TABLES`), read where the figure's
# definition names it (an unkeyed registration too: GEMBUURTTEAM by the buurtteam condition)
EVERY_FIGURE = ("GBAPERSOONTAB", "GBAADRESOBJECTBUS", "GBAHUISHOUDENSBUS", "KINDOUDERTAB",
                "VSLGWBTAB")  # fmt: skip
# what a theme's figures read besides: migratie's adults have their income quintile (a group,
# the odds ratios' and the model estimates' covariate)
THEME_READS = {"migratie": tuple(SOURCE_TABLES["inkomen"])}
# the measures counted from the survey's respondents (their wave of year t and before)
SURVEY_MEASURES = {"migratie.k10_hoog": "GEZOMONITOR", "migratie.eenzaam": "GEZOMONITOR",
                   "migratie.zorgkloof": "GEZOMONITOR"}  # fmt: skip
# the linkage settings the model of an unkeyed registration is trained with: where both
# manifests record each model's sha256 (an input, `linkage_model/<table>`), the model is
# compared, not these (a setting written out as what its default meant trains the same model)
TRAINING = ("seed", "max_pairs_u", "max_pairs_em", "training_years")
# the settings compared as a whole, but for those that change no count: what is published of
# the counts (disclosure, the previous release), how pages say it, where the files are (their
# sha256 are compared), the narrowing (the same numbers), and the definitions' own settings
# (themes, conditions, age bands): each figure's definition is compared by its fingerprint in
# the manifest (`manifest.definition_parts`: the config keys and codelists its counts read),
# so a definition added leaves the others' figures alone
NOT_COUNTS = {
    "language", "region_name", "data", "synthetic", "boundaries", "reference", "comparable",
    "findings", "personas", "previous_release", "organisation_figures", "public_figures",
    "disclosure", "resources", "narrowing", "themes", "conditions", "age_bands",
}  # fmt: skip


def _measures(root: Path) -> pd.DataFrame:
    others = [root / rel for rel in OTHER_MEASURES if (root / rel).is_file()]
    files = sorted([*root.glob("*/measures.csv"), *others])
    if not files:
        return pd.DataFrame(columns=[*KEY, *VALUES, "status"])
    return pd.concat([read_measures_csv(f) for f in files], ignore_index=True)


def _flags(previous: pd.DataFrame, new: pd.DataFrame, tolerance: float):
    """The two releases' rows side by side (outer join on the row key) and the kind of change of
    each row as boolean columns named as `COUNTS`."""
    both = previous.merge(new, on=ROW_KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
    added = both["_merge"] == "right_only"
    removed = both["_merge"] == "left_only"
    common = both["_merge"] == "both"
    ok_old = both["status_old"] == "ok"
    ok_new = both["status_new"] == "ok"
    changed = pd.Series(False, index=both.index)
    # a survey row's sums of weights are published rounded (disclosure.weighted_sum_base, a
    # release before it to ten digits): its estimate and interval say whether it changed
    weighted = both["method"].isin(WEIGHTED_METHODS).to_numpy()
    for c in VALUES:
        a = pd.to_numeric(both[f"{c}_old"], errors="coerce").to_numpy(dtype=float)
        b = pd.to_numeric(both[f"{c}_new"], errors="coerce").to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            differs = (np.abs(a - b) > tolerance) | (np.isnan(a) != np.isnan(b))
        if c in ("numerator", "denominator"):
            differs &= ~weighted
        changed |= differs
    new_year, extended, moved = _new_years(both, added, removed)
    flags = pd.DataFrame({
        "theme": both["theme"], "measure": both["measure"],
        "rows_added": added & ~new_year & ~extended, "rows_new_year": new_year,
        "trends_extended": extended, "rows_removed": removed & ~moved,
        "rows_changed": common & ok_old & ok_new & changed,
        "newly_suppressed": common & ok_old & ~ok_new,
        "newly_published": common & ~ok_old & ok_new,
        "rows_same": common & ~(ok_old & ok_new & changed) & ~(ok_old ^ ok_new),
    })  # fmt: skip
    return both, flags


def _new_years(both: pd.DataFrame, added: pd.Series, removed: pd.Series):
    """Of the rows of `both` (`_flags`' outer join), those `added` that belong to a year the
    previous release did not publish while it had their measure and definition (a new year);
    of those, the trend rows (method `trend_*`, in their series' last year) whose row of the
    previous release, the same trend in its own last year, is `removed` (extended, and that
    row moved). Returns three boolean Series: new year (not trends), extended, moved."""
    false = pd.Series(False, index=both.index)
    old = both.loc[~added, ["measure", "definition", "year"]]
    if not added.any() or old.empty:
        return false, false, false
    old_years = set(pd.to_numeric(old["year"]).astype(int))
    known = set(map(tuple, old[["measure", "definition"]].astype(str).to_numpy()))
    year = pd.to_numeric(both["year"]).astype(int)
    pair = pd.Series(list(map(tuple, both[["measure", "definition"]].astype(str).to_numpy())),
                     index=both.index)  # fmt: skip
    fresh = added & ~year.isin(old_years) & pair.isin(known)
    trend = both["method"].astype(str).str.startswith("trend_")
    series = [c for c in ROW_KEY if c != "year"]
    key = both[series].astype(str).agg("\x1f".join, axis=1)
    extended = fresh & trend & key.isin(set(key[removed & trend]))
    moved = removed & trend & key.isin(set(key[extended]))
    return fresh & ~trend, extended, moved


def compare(previous: pd.DataFrame, new: pd.DataFrame, tolerance: float = 1e-9) -> pd.DataFrame:
    """One row per (theme, measure) with the number of rows added, removed, changed beyond
    `tolerance` (absolute, on value, interval and counts), newly suppressed and newly published."""
    _, flags = _flags(previous, new, tolerance)
    out = flags.groupby(["theme", "measure"], sort=True)[COUNTS].sum().reset_index()
    return out.astype({c: "int64" for c in COUNTS})


def _input_year(name: str) -> int | None:
    """The year of a manifest input's logical name ('MEDICIJNTAB/2021': 2021), else None."""
    m = re.fullmatch(r"[A-Z]+/(\d{4})", name)
    return int(m[1]) if m else None


def _changed_inputs(old: dict, new: dict) -> set[str]:
    """The logical names of the inputs whose sha256 differs between two manifests (or that one
    of them lacks), not the previous release's files that a release read (they change what is
    published, not a count)."""
    a, b = old.get("inputs") or {}, new.get("inputs") or {}
    names = {n for n in set(a) | set(b) if not n.startswith("previous_release/")}
    return {n for n in names if (a.get(n) or {}).get("sha256") != (b.get(n) or {}).get("sha256")}


def _unkeyed(cfg: dict) -> list[str]:
    """The unkeyed registrations of a manifest's config (synthetic.unkeyed or data.unkeyed)."""
    data = cfg.get("data") or {}
    synthetic = not data.get("root") and not data.get("tables")
    return sorted(((cfg.get("synthetic" if synthetic else "data") or {}).get("unkeyed")) or [])


def _models(manifest: dict) -> dict[str, str] | None:
    """The sha256 of each unkeyed registration's linkage model (input `linkage_model/<table>`),
    None when the manifest does not record one of them."""
    inputs = manifest.get("inputs") or {}
    out = {}
    for t in _unkeyed(manifest.get("config") or {}):
        sha = (inputs.get(f"linkage_model/{t}") or {}).get("sha256")
        if not sha:
            return None
        out[t] = sha
    return out


def _settings(
    manifest: dict, theme: str, year: int, models: bool = False, linked: bool = True
) -> dict:
    """What of a manifest's configuration makes the counts of a figure of `theme` and `year`:
    every setting but `NOT_COUNTS`, the years and survey waves up to `year` (a later year's
    are not read; all of them when the linkage model is trained on every configured year and
    its sha256 is not compared), the unkeyed registrations (synthetic.unkeyed or data.unkeyed).
    `models`: both manifests record the linkage models (`_models`), compared as inputs: the
    settings they are trained with (`TRAINING`) are left out. `linked`: the figure may read an
    unkeyed registration; False (its definition reads none, `_figure_reads`): the linkage's
    settings and the unkeyed registrations are left out (linking only adds that registration's
    rows: a changed `threshold_match_weight` is no reason of a figure that never reads them)."""
    cfg = manifest.get("config") or {}
    out = {k: v for k, v in cfg.items() if k not in NOT_COUNTS}
    unkeyed = _unkeyed(cfg)
    out["unkeyed"] = unkeyed
    every_year = theme not in THEMES_FROM_TABLES or (
        unkeyed and not models and not (cfg.get("linkage") or {}).get("training_years")
    )
    for k in ("years", "survey_waves"):
        out[k] = sorted(y for y in cfg.get(k) or [] if every_year or int(y) <= year)
    linkage = dict(cfg.get("linkage") or {})
    linkage.pop("histogram_width", None)  # the linkage report's only
    if models:
        for k in TRAINING:
            linkage.pop(k, None)
    out["linkage"] = linkage
    if not linked:
        del out["linkage"], out["unkeyed"]
    return out


def _definition(manifest: dict, theme: str, measure: str, definition: str):
    return (
        (((manifest.get("definitions") or {}).get("themes") or {}).get(theme) or {})
        .get(measure, {})
        .get(definition)
    )


def _figure_reads(
    manifest: dict, theme: str, measure: str, definition: str, method: str | None
) -> tuple[set[str], set[str]] | None:
    """The tables (names of `inputs.contracts.TABLES`) and codelists a figure of `theme` is made
    from, told from the manifest's config: its definition's conditions
    (`manifest.definition_parts`), each by its source's tables (`SOURCE_TABLES`; a nieuwkomers
    marker of uitstroom: the Wmo), a model estimate's covariate flags (small_area.flags), a
    survey measure's survey (`SURVEY_MEASURES`), `THEME_READS`, and the tables every figure
    reads (`EVERY_FIGURE`; an unkeyed registration only where a condition's source names it:
    GEMBUURTTEAM for the buurtteam condition). None when the config cannot
    tell: a manifest without the definitions' settings (themes, conditions), a definition it
    does not have, a condition of a source not known here."""
    cfg = manifest.get("config") or {}
    themes, declared = cfg.get("themes"), cfg.get("conditions")
    if not isinstance(themes, dict) or not isinstance(declared, dict):
        return None
    codelists = codelist_hashes(manifest.get("inputs") or {})
    parts = definition_parts(cfg, codelists, theme, measure, definition)
    if parts is None:
        return None
    if method == MODEL_ESTIMATE:  # the model's covariates: the registry measures named as flags
        flags = (cfg.get("small_area") or {}).get("flags") or []
        registry = (themes.get("migratie") or {}).get("definitions") or {}
        if any(f not in registry for f in flags):
            return None
        parts = {**parts, **_condition_parts(cfg, [registry[f] for f in flags], codelists)}
    # an unkeyed registration (linked in) is read by the figures whose conditions read its
    # source alone (GEMBUURTTEAM: the buurtteam condition), as any other source table
    tables = {*EVERY_FIGURE, *THEME_READS.get(theme, ())}
    if measure in SURVEY_MEASURES:
        tables.add(SURVEY_MEASURES[measure])
    lists = set()
    for key, value in parts.items():
        if key.startswith("conditions."):
            source = value.get("source") if isinstance(value, dict) else None
            if source not in SOURCE_TABLES:
                return None
            tables.update(SOURCE_TABLES[source])
        elif key.startswith("codelists."):
            lists.add(key.removeprefix("codelists."))
        elif isinstance(value, dict) and "uitstroom" in value:  # a nieuwkomers marker
            tables.update(SOURCE_TABLES["wmo"])
    return tables, lists


def _reads(name: str, tables: set[str], lists: set[str]) -> bool:
    """Whether a figure that reads `tables` and `lists` (`_figure_reads`) reads the input
    `name` of a manifest: a table or codelist it names, a linkage model of a registration it
    reads, and any other file (reference files, an input not known here)."""
    if name.startswith("codelist/"):
        return name.removeprefix("codelist/") in lists
    if name.startswith("linkage_model/"):
        return name.removeprefix("linkage_model/") in tables
    table = name.split("/")[0]
    return table not in TABLES or table in tables


def reasons(table: pd.DataFrame, old: dict | None, new: dict | None) -> pd.Series:
    """The reason (`REASONS`) of each row of `table` (changes.csv's rows) whose `change` is one
    of `EXPLAINED`, '' for the others, from the previous release's manifest `old` and this
    release's `new` (`release.manifest`):

    - `gegevens`: an input file the figure may be made from has other bytes: for the themes'
      figures (`THEMES_FROM_TABLES`) of year t the files of year t and before (or of no year)
      behind its own definition (`_figure_reads`: its conditions' tables and codelists, the
      tables every figure reads, the reference files, the linkage models), every such file but
      those of `NOT_READ` where a manifest cannot tell; for any other table any input file;
    - `werkwijze`: those files are the same, but the code (of the rules that make counts,
      `code.counts`, where both manifests have it, else the package's or the workflow's
      sha256), a setting that makes counts (`_settings`; the linkage model's training settings
      only where a manifest does not record the model, the linkage's settings only for a
      figure that may read an unkeyed registration) or the figure's definition is not;
    - `privacyregels`: all of that is the same, so the figure's counts are the same: only what
      disclosure control publishes changed (docs/rules.md#e7: with the previous release named,
      its published rows stay published and are never partners, so the pattern can move);
    - `onbekend`: a manifest is missing, or a figure changed while nothing above differs.

    A reason is made from the manifests alone (public files), never from the counts of a row
    that one release suppressed."""
    out = pd.Series("", index=table.index, dtype=object)
    explained = table["change"].isin(EXPLAINED)
    if not explained.any():
        return out
    if not old or not new:
        out[explained] = "onbekend"
        return out
    changed = _changed_inputs(old, new)
    code_old, code_new = old.get("code") or {}, new.get("code") or {}
    # the code of the rules that make counts where both record it (`manifest.build`), else the
    # package's and the workflow's hash (any change of either)
    keys = ("counts",) if "counts" in code_old and "counts" in code_new else CODE_KEYS
    code = any(code_old.get(k) is None or code_old.get(k) != code_new.get(k) for k in keys)
    models = _models(old) is not None and _models(new) is not None
    unkeyed = {*_unkeyed(old.get("config") or {}), *_unkeyed(new.get("config") or {})}
    for i in table.index[explained]:
        r = table.loc[i]
        theme, year = str(r["theme"]), int(r["year"])
        read, linked = changed, True
        if theme in THEMES_FROM_TABLES:  # not a later year's table, nor a file of no count
            read = {
                n for n in changed
                if not n.startswith(NOT_READ) and (_input_year(n) or year) <= year
            }  # fmt: skip
            # of those, the files behind the figure's own definition, as both manifests
            # record it; where one cannot tell, every one of them
            method = None if pd.isna(r.get("method")) else str(r.get("method"))
            figure = [_figure_reads(m, theme, r["measure"], r["definition"], method)
                      for m in (old, new)]  # fmt: skip
            if None not in figure:
                tables = figure[0][0] | figure[1][0]
                lists = figure[0][1] | figure[1][1]
                read = {n for n in read if _reads(n, tables, lists)}
                # an unkeyed registration is read where a condition's source names it
                linked = bool(tables & unkeyed)
        if read:
            out[i] = "gegevens"
        elif (
            code
            or _settings(old, theme, year, models, linked)
            != _settings(new, theme, year, models, linked)
            or _definition(old, theme, r["measure"], r["definition"])
            != _definition(new, theme, r["measure"], r["definition"])
        ):
            out[i] = "werkwijze"
        elif r["change"] == "changed":
            out[i] = "onbekend"  # the same inputs, code and settings give the same figure
        else:
            out[i] = "privacyregels"
    return out


def printed(value, method: str) -> str | None:
    """A figure's value (or an end of its interval) as the pages print it (`PRINTED`): 0.4912
    of a model estimate '49%', of a crude share '49,1%'; '' for no value; None for a method not
    in `PRINTED` (compared unprinted)."""
    if method not in PRINTED:
        return None
    if value is None or pd.isna(value):
        return ""
    f, decimals = PRINTED[method]
    return f(float(value), "nl", decimals)


def _row_keys(df: pd.DataFrame) -> pd.Series:
    """Each row's `ROW_KEY` as one string (years and group values of either type alike)."""
    k = df[ROW_KEY].copy()
    k["year"] = pd.to_numeric(k["year"], errors="coerce").astype("Int64")
    return k.astype(str).agg("\x1f".join, axis=1)


def trend_words(
    previous: pd.DataFrame, new: pd.DataFrame, both: pd.DataFrame, slight: float = SLIGHT
) -> pd.DataFrame:
    """Of each trend row of `both` (`_flags`' outer join; `TREND_NULL`'s methods) the verdict
    each release prints for it (`outputs.findings.trend_verdicts` of that release's measures,
    `slight` being config findings.slight), columns `trend_old` and `trend_new`, indexed as
    `both`; '' for any other row."""
    out = pd.DataFrame({"trend_old": "", "trend_new": ""}, index=both.index, dtype=object)
    trend = both["method"].isin(list(TREND_NULL))
    if not trend.any():
        return out
    keys = _row_keys(both[trend])
    for col, measures in (("trend_old", previous), ("trend_new", new)):
        if measures.empty:
            continue
        v = trend_verdicts(measures, slight)
        words = dict(zip(_row_keys(v), v["verdict"], strict=True))
        out.loc[trend, col] = keys.map(words).fillna("").to_numpy()
    return out


def seen(
    both: pd.DataFrame, tolerance: float = 1e-9, words: pd.DataFrame | None = None
) -> pd.Series:
    """Of each row of `both` (`_flags`' outer join, both releases' values side by side) what a
    reader sees differ (`SEEN`): `waarde`, `interval` or `niets`, by the value and the interval
    as the pages print them (`printed`); a method not in `PRINTED` by its numbers; a trend row
    by its words (`words`, `trend_words` of `both`: `waarde` when they differ, else `niets`)."""

    def differs(col: str, i) -> bool:
        r = both.loc[i]
        a, b = r[f"{col}_old"], r[f"{col}_new"]
        shown = printed(a, r["method"]), printed(b, r["method"])
        if shown[0] is not None:
            return shown[0] != shown[1]
        a, b = pd.to_numeric(a, errors="coerce"), pd.to_numeric(b, errors="coerce")
        return bool(pd.isna(a) != pd.isna(b) or (not pd.isna(a) and abs(a - b) > tolerance))

    out = pd.Series("niets", index=both.index, dtype=object)
    for i in both.index:
        if words is not None and both.loc[i, "method"] in TREND_NULL:
            if words.loc[i, "trend_old"] != words.loc[i, "trend_new"]:
                out[i] = "waarde"
        elif differs("value", i):
            out[i] = "waarde"
        elif differs("ci_lower", i) or differs("ci_upper", i):
            out[i] = "interval"
    return out


def rows(
    previous: pd.DataFrame, new: pd.DataFrame, tolerance: float = 1e-9, slight: float = SLIGHT
) -> pd.DataFrame:
    """One row per figure that differs between the releases (`compare`'s kinds but the same),
    with its key, `change` (one of `CHANGES`), of a changed figure what a reader sees differ
    (`zichtbaar`, `seen`: its printed value, its printed interval alone, or nothing; a trend
    row its words, `trend_words` with `slight`), both statuses (ok or suppressed, as released:
    never primary or secondary), and of each release the value and interval where both
    releases publish the figure or only the new one does, and of the previous release where it
    published a figure suppressed now (its own published number; a figure gone now keeps
    none); `difference` new minus old value (empty unless both are given). In the order of
    theme, measure and `CHANGES`; changed figures with the largest difference first. Of a
    changed trend row `trend_old` and `trend_new`: its words in each release (`trend_words`)."""
    both, flags = _flags(previous, new, tolerance)
    change = pd.Series("", index=both.index, dtype=object)
    column = {"added": "rows_added", "removed": "rows_removed", "changed": "rows_changed",
              "new_year": "rows_new_year", "trend_extended": "trends_extended"}  # fmt: skip
    for kind in CHANGES:
        change[flags[column.get(kind, kind)]] = kind
    keep = change != ""
    both, change = both[keep].copy(), change[keep]
    out = both[ROW_KEY].copy()
    out.insert(
        KEY.index("area_name"), "area_name", both["area_name_new"].fillna(both["area_name_old"])
    )
    out["change"] = change
    # what a reader sees of a changed figure: its printed value, its printed interval alone, or
    # nothing (`seen`); the other kinds are seen by their kind
    out["zichtbaar"] = ""
    out["trend_old"] = out["trend_new"] = ""
    changed = change == "changed"
    if changed.any():
        words = trend_words(previous, new, both[changed], slight)
        out.loc[changed, "zichtbaar"] = seen(both[changed], tolerance, words)
        out.loc[changed, ["trend_old", "trend_new"]] = words.to_numpy()
    # as released: `suppressed` alone, also of a previous release made before the export had one
    # status for a suppressed row (its suppressed_primary, suppressed_secondary)
    out["status_old"] = published_status(both["status_old"]).to_numpy()
    out["status_new"] = published_status(both["status_new"]).to_numpy()
    # the previous release's number of a figure suppressed now: it was published (public),
    # and the reader needs it to know which figure is withdrawn
    old_shown = change.isin(["changed", "newly_suppressed"]).to_numpy()
    new_shown = change.isin(
        ["changed", "newly_published", "added", "new_year", "trend_extended"]
    ).to_numpy()
    for v, shown in (("old", old_shown), ("new", new_shown)):
        for c in SHOWN:
            x = pd.to_numeric(both[f"{c}_{v}"], errors="coerce")
            out[f"{c}_{v}"] = x.where(shown)
    out["difference"] = out["value_new"] - out["value_old"]
    out["_kind"] = out["change"].map(CHANGES.index)
    out["_size"] = -out["difference"].abs()
    out = out.sort_values(["theme", "measure", "_kind", "_size", *ROW_KEY[2:]], na_position="last",
                          kind="mergesort")  # fmt: skip
    return out[ROW_COLUMNS].reset_index(drop=True)


def compare_dirs(
    previous: str | Path, new: str | Path, tolerance: float = 1e-9, slight: float = SLIGHT
) -> pd.DataFrame:
    """The figures that differ between two export folders (`rows`: the table changes.csv)."""
    return rows(_measures(Path(previous)), _measures(Path(new)), tolerance, slight)


def _manifest(folder: Path) -> dict | None:
    path = folder / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def with_reasons(table: pd.DataFrame, old: dict | None, new: dict | None) -> pd.DataFrame:
    """changes.csv's rows with the column `reden` after `change` (`reasons`)."""
    out = table.copy()
    out.insert(out.columns.get_loc("change") + 1, "reden", reasons(table, old, new))
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m wijkzicht.release.changes", description=__doc__)
    ap.add_argument("previous")
    ap.add_argument("new")
    ap.add_argument("--tolerance", type=float, default=1e-9)
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    for name in ("previous", "new"):  # a wrong folder would make every row added or removed
        folder = Path(getattr(args, name))
        if not any(folder.glob("*/measures.csv")):
            print(
                f"{name}: no <theme>/measures.csv in {folder}; give a release's export folder "
                "(the one holding kopp/measures.csv and the other themes)",
                file=sys.stderr,
            )
            return 2
    previous, new = _measures(Path(args.previous)), _measures(Path(args.new))
    if args.out:
        table = rows(previous, new, args.tolerance)
        # two finished releases: each one's manifest says what it was made from
        old_m, new_m = _manifest(Path(args.previous)), _manifest(Path(args.new))
        write_csv(with_reasons(table, old_m, new_m), args.out)
    print(compare(previous, new, args.tolerance).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
