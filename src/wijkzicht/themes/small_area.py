"""Model estimates (modelschatting) of the survey measures per buurt and wijk (docs/small_area.md).

The survey has too few respondents per buurt for a direct estimate. Here each survey
outcome (``migratie.k10_hoog``, ``migratie.eenzaam``) gets a unit-level logistic model
with a buurt random effect, fitted on the respondents, with covariates known for every
resident from the registers (age band, sex, herkomst, income quintile, household type,
registered care); it is predicted for every resident and averaged per buurt and per wijk,
with a parametric-bootstrap interval (`wijkzicht.statistics.small_area`, the SMAP
approach of RIVM).

Rows in the measures table: method ``modelschatting``, area_level ``buurt`` and ``wijk``,
group ``totaal``; ``denominator`` the residents (18+) of the area the prevalence is about,
``n_denominator`` the respondents with an outcome in the area, ``numerator`` and
``n_numerator`` empty (the model does not count persons with the outcome), ``value`` the
estimate, ``ci_lower``/``ci_upper`` the 95% interval and ``se`` the bootstrap root mean
squared error. Which of them may be published is decided in disclosure control
(`wijkzicht.disclosure.model_estimates`).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijkzicht.errors import WijkzichtError
from wijkzicht.statistics.small_area import (
    SmallAreaError,
    bootstrap_intervals,
    design_matrix,
    fit_logistic_glmm,
)
from wijkzicht.themes.table import TOTAAL, areas, finalise, lookup

METHOD = "modelschatting"
THEME = "migratie"
KEYS = ["RINPERSOONS", "RINPERSOON"]
# GBAHUISHOUDENSBUS TYPHH -> household type (docs/small_area.md)
HOUSEHOLD_TYPES = {
    "1": "alleenstaand",
    "2": "paar zonder kinderen",
    "3": "paar zonder kinderen",
    "4": "paar met kinderen",
    "5": "paar met kinderen",
    "6": "eenouder",
    "7": "overig",
    "8": "institutioneel",
}
HOUSEHOLD_UNKNOWN = "onbekend"
LEVEL = 0.95
# the normal prior on the fixed effects (docs/small_area.md, "Few cases"): SD of the
# intercept and, unless config small_area.prior_sd says otherwise, of every other term;
# blme's defaults (normal(sd = c(10, 2.5)))
PRIOR_SD_INTERCEPT = 10.0
PRIOR_SD = 2.5


class SmallAreaDataError(WijkzichtError, ValueError):
    """The residents or respondents do not fit the model's geography or covariates."""


def household_type(households: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each person's household type on 1 January `year` from GBAHUISHOUDENSBUS spells.

    Returns RINPERSOONS, RINPERSOON, huishouden (`HOUSEHOLD_TYPES`; a person with more than
    one spell on the day gets the lowest TYPHH). Persons without a spell are not listed
    (`model_frame` makes them 'onbekend'). Sorted by key."""
    return _household_types(households, year).sort_values(KEYS).reset_index(drop=True)


def _household_types(households: pd.DataFrame, year: int) -> pd.DataFrame:
    """`household_type` in no particular order. Only the persons with more than one spell
    on the day are sorted (by key and TYPHH, keeping the lowest): sorting all of them by
    their keys cost most of the model frame's time (usually nobody has two)."""
    day = pd.Timestamp(year=year, month=1, day=1)
    begin = pd.to_datetime(households["DATUMAANVANGHH"], errors="coerce")
    end = pd.to_datetime(households["DATUMEINDEHH"], errors="coerce")
    on = (begin <= day) & (end.isna() | (end >= day))
    hh = households.loc[on.to_numpy(), [*KEYS, "TYPHH"]].astype({"TYPHH": str})
    more = hh.duplicated(KEYS, keep=False).to_numpy()
    if more.any():
        lowest = hh[more].sort_values([*KEYS, "TYPHH"]).drop_duplicates(KEYS)
        hh = pd.concat([hh[~more], lowest])
    return hh.assign(huishouden=hh["TYPHH"].map(HOUSEHOLD_TYPES).fillna(HOUSEHOLD_UNKNOWN))[
        [*KEYS, "huishouden"]
    ].reset_index(drop=True)


def model_frame(adults: pd.DataFrame, households: pd.DataFrame, year: int) -> pd.DataFrame:
    """The population the model predicts for: the registry adults of year t (migratie's
    population, `themes.migratie.adults`) with their household type; sorted by key (the
    adults come sorted: then they are only checked)."""
    out = adults.merge(_household_types(households, year), how="left", on=KEYS)
    out["huishouden"] = out["huishouden"].fillna(HOUSEHOLD_UNKNOWN)
    if not sorted_by_keys(out):
        out = out.sort_values(KEYS)
    return out.reset_index(drop=True)


def sorted_by_keys(df: pd.DataFrame) -> bool:
    """Whether the rows are in the order sort_values(KEYS) gives them (ascending, no key
    missing): checking costs a third of sorting."""
    first, second = (df[k].to_numpy(dtype=object) for k in KEYS)
    if pd.isna(first).any() or pd.isna(second).any():
        return False
    same = first[1:] == first[:-1]
    return bool(np.all((first[1:] > first[:-1]) | (same & (second[1:] >= second[:-1]))))


@dataclass(frozen=True)
class _Prepared:
    """What every outcome of one frame, design and geography shares (`model_rows` makes it
    once for all outcomes): the buurten and wijken of the geography, each resident's index
    in them (NaN: not in the geography) and each design row's position in the frame (NaN:
    not in it)."""

    buurten: list
    wijken: list
    b_idx: np.ndarray
    w_idx: np.ndarray
    at: np.ndarray


def _prepare(frame: pd.DataFrame, design: pd.DataFrame, geography: pd.DataFrame) -> _Prepared:
    """`_Prepared` of a frame, design and geography."""
    buurten = list(geography["buurt_code"])
    wijken = list(dict.fromkeys(geography["wijk_code"]))
    return _Prepared(buurten, wijken, _index_of(frame["buurt"], buurten),
                     _index_of(frame["wijk"], wijken), _positions(frame, design))  # fmt: skip


def _positions(frame: pd.DataFrame, design: pd.DataFrame) -> np.ndarray:
    """Each design row's position in `frame` by key (NaN: not in the frame); ValueError when
    two rows of the frame have the same key. On integer codes (`table.lookup`): a MultiIndex
    of the residents' string keys cost a wave's job about 0.1 CPU s more."""
    at = lookup(design, frame, KEYS)
    return np.where(at >= 0, at, np.nan)


def _index_of(values: pd.Series, codes: list) -> np.ndarray:
    """Each value's index in `codes` (as Series.map with {code: index} gives it: NaN where a
    value is missing or not a code), looked up once per distinct value."""
    value_codes, uniques = pd.factorize(values)  # -1: missing
    index = {c: i for i, c in enumerate(codes)}
    found = np.array([index.get(u, np.nan) for u in uniques] + [np.nan], dtype=float)
    return found[value_codes]


def _respondents(frame: pd.DataFrame, design: pd.DataFrame, outcome: str, at=None):
    """Positions in `frame` and outcomes of the respondents in the population with an outcome.
    `at`: each design row's position in the frame (`_Prepared.at`), if known."""
    if at is None:
        at = _positions(frame, design)
    keep = (design["in_population"].astype(bool) & design[outcome].notna()).to_numpy()
    at = at[keep]
    found = ~np.isnan(at)
    return at[found].astype(np.int64), design[outcome].to_numpy(dtype=float)[keep][found]


def _levels(frame, resp, y, factors, flags, min_n) -> tuple[dict[str, list[str]], list[str]]:
    """The factor levels that get a column: at least `min_n` respondents, with and without
    the outcome (others count as the reference level); flags likewise for both values."""
    levels = {}
    for factor, ref in factors.items():
        values = frame[factor].iloc[resp].astype(str).to_numpy()
        keep = []
        for lv in sorted(set(values) - {ref}):
            m = values == lv
            if m.sum() >= min_n and 0 < y[m].sum() < m.sum():
                keep.append(lv)
        levels[factor] = keep
    kept_flags = []
    for flag in flags:
        v = frame[flag].iloc[resp].astype(bool).to_numpy()
        if min(v.sum(), (~v).sum()) >= min_n and 0 < y[v].sum() < v.sum():
            kept_flags.append(flag)
    return levels, kept_flags


def estimate(
    frame: pd.DataFrame,
    design: pd.DataFrame,
    outcome: str,
    geography: pd.DataFrame,
    settings: Mapping,
    wave: int,
    prepared: _Prepared | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Model estimates of one outcome per buurt and per wijk.

    Parameters
    ----------
    frame : `model_frame` of the wave's year: one row per resident, with buurt, wijk and
        the covariate columns named in `settings`.
    design : the wave's survey rows (`themes.migratie.survey_persons`): `in_population`
        and the 0/1 outcome (missing = no outcome).
    geography : the gemeente's rows of the geography reference (every buurt gets a row).
    settings : config key small_area: factors (factor -> reference level), flags,
        wijk_effect (the wijk as a fixed effect), min_level_respondents, quadrature_points,
        bootstrap, seed, prior_sd (the SD of the normal prior on each term but the
        intercept, `PRIOR_SD` when not given; None: maximum likelihood without a prior).
    wave : the survey wave (year t): seeds the bootstrap with the outcome.
    prepared : `_prepare(frame, design, geography)`, made here when not given (`model_rows`
        makes it once for all outcomes).

    Returns (rows per area: area_level, area_code, residents, respondents, value,
    ci_lower, ci_upper, rmse; a summary of the fit for the log and the release notes).
    Raises SmallAreaDataError when a resident's buurt is not in the geography or a
    covariate column is missing.
    """
    if prepared is None:
        prepared = _prepare(frame, design, geography)
    buurten, wijken = prepared.buurten, prepared.wijken
    b_idx, w_idx = prepared.b_idx, prepared.w_idx
    bad = np.isnan(b_idx) | np.isnan(w_idx)
    if bad.any():
        rows = frame.loc[bad, ["wijk", "buurt"]].drop_duplicates().head(5).to_dict("records")
        raise SmallAreaDataError(
            f"small-area model {outcome} {wave}: {int(bad.sum())} resident(s) live in a buurt "
            f"or wijk that is not in the geography reference, e.g. {rows}; expected the "
            "codes of the reference file (config reference.geography)"
        )
    b_idx, w_idx = b_idx.astype(np.int64), w_idx.astype(np.int64)
    resp, y = _respondents(frame, design, outcome, prepared.at)
    factors = dict(settings["factors"])
    if settings.get("wijk_effect", True):
        # the survey strata (wijken) as fixed effects: the design is ignorable given the model,
        # and a wijk's buurten share its level instead of each being shrunk to the city's
        factors["wijk"] = wijken[0]
    missing = [c for c in [*factors, *settings["flags"]] if c not in frame.columns]
    if missing:
        raise SmallAreaDataError(
            f"small-area model {outcome} {wave}: the population frame has no column(s) "
            f"{missing}; expected covariates of config small_area.factors and .flags "
            "(flags: registry measures of themes.migratie.definitions)"
        )
    levels, flags = _levels(
        frame, resp, y, factors, settings["flags"], settings["min_level_respondents"]
    )
    X, names = design_matrix(frame, factors, flags, levels)
    nagq = int(settings["quadrature_points"])
    prior_sd = prior_sds(names, settings.get("prior_sd", PRIOR_SD))
    fit = fit_logistic_glmm(X[resp], y, b_idx[resp], len(buurten), nagq=nagq, prior_sd=prior_sd)
    seed = [int(settings["seed"]), int(wave), zlib.crc32(outcome.encode())]
    boot = bootstrap_intervals(
        fit, X, b_idx, resp, {"buurt": (b_idx, len(buurten)), "wijk": (w_idx, len(wijken))},
        int(settings["bootstrap"]), np.random.default_rng(seed), LEVEL,
    )  # fmt: skip
    parts = []
    for level, idx, codes in (("buurt", b_idx, buurten), ("wijk", w_idx, wijken)):
        parts.append(
            pd.DataFrame(
                {
                    "area_level": level,
                    "area_code": codes,
                    "residents": np.bincount(idx, minlength=len(codes)),
                    "respondents": np.bincount(idx[resp], minlength=len(codes)),
                    "value": boot.estimate[level],
                    "ci_lower": boot.ci_lower[level],
                    "ci_upper": boot.ci_upper[level],
                    "rmse": boot.rmse[level],
                }
            )  # fmt: skip
        )
    summary = {
        "outcome": outcome,
        "respondents": int(len(resp)),
        "residents": int(len(frame)),
        "terms": dict(zip(names, map(float, fit.beta), strict=True)),
        "sigma_buurt": fit.sigma,
        "loglik": fit.loglik,
        "converged": fit.converged,
        "quadrature_points": nagq,
        "prior_sd": settings.get("prior_sd", PRIOR_SD),
        "bootstrap_replicates": boot.replicates,
    }
    return pd.concat(parts, ignore_index=True), summary


def prior_sds(names: list[str], sd: float | None) -> np.ndarray | None:
    """The SDs of the normal prior on the model's terms `names` (the first the intercept):
    `PRIOR_SD_INTERCEPT` for the intercept, `sd` for the others; None when `sd` is None
    (maximum likelihood, docs/small_area.md)."""
    if sd is None:
        return None
    return np.array([PRIOR_SD_INTERCEPT] + [float(sd)] * (len(names) - 1))


def model_rows(
    frame: pd.DataFrame,
    design: pd.DataFrame,
    geography: pd.DataFrame,
    settings: Mapping,
    wave: int,
) -> tuple[pd.DataFrame, list[dict]]:
    """The measures-table rows (method modelschatting) of every outcome in
    settings['measures'], and the fit summaries. An outcome the model cannot be fitted for
    (SmallAreaError: no respondents, one outcome only) gets no rows; its summary says why."""
    names = areas(geography, ("wijk", "buurt"))
    parts, summaries = [], []
    prepared = _prepare(frame, design, geography) if settings["measures"] else None
    for outcome in settings["measures"]:
        try:
            est, summary = estimate(frame, design, outcome, geography, settings, wave, prepared)
        except SmallAreaError as err:
            summaries.append({"outcome": outcome, "not_estimated": str(err)})
            continue
        summaries.append(summary)
        est = est.merge(names, on=["area_level", "area_code"], how="left")
        parts.append(
            est.assign(
                theme=THEME,
                measure=f"{THEME}.{outcome}",
                definition=outcome,
                year=wave,
                group=TOTAAL,
                group_value=TOTAAL,
                method=METHOD,
                denominator=est["residents"].astype(float),
                n_denominator=est["respondents"],
                numerator=np.nan,
                n_numerator=pd.NA,
                se=est["rmse"],
            )  # fmt: skip
        )
    if not parts:
        return finalise(pd.DataFrame(columns=["theme", "year"]).assign(year=[])), summaries
    return finalise(pd.concat(parts, ignore_index=True)), summaries
