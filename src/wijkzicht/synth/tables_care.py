"""Tables of yearly health care: MEDICIJNTAB, ZVWZORGKOSTENTAB and
GGZDBCTRAJECTENHOOFDDIAGTAB per year."""

from __future__ import annotations

import numpy as np

from wijkzicht.synth.columns import _R, _end_dates, _frame
from wijkzicht.synth.draw import OPEN, _jan1, _rng, _ymd
from wijkzicht.synth.geography import _World
from wijkzicht.synth.population import _Population
from wijkzicht.synth.traits import _Traits

# fmt: off
# Medication other than psychofarmaca: ATC4, chronic (the same persons every year), sex
# (0 both, 1 men, 2 women) and yearly prevalence by age 0-17, 18-44, 45-64, 65-74, 75+.
_ATC = [
    ("C09A", True,  0, (0.0,   0.01,  0.07,  0.15, 0.20)),
    ("C09C", True,  0, (0.0,   0.005, 0.05,  0.11, 0.14)),
    ("C07A", True,  0, (0.0,   0.02,  0.08,  0.18, 0.26)),
    ("C10A", True,  0, (0.0,   0.01,  0.12,  0.30, 0.35)),
    ("A10B", True,  0, (0.0,   0.005, 0.05,  0.10, 0.12)),
    ("A10A", True,  0, (0.002, 0.005, 0.015, 0.03, 0.04)),
    ("B01A", True,  0, (0.0,   0.01,  0.06,  0.18, 0.32)),
    ("A02B", True,  0, (0.01,  0.06,  0.16,  0.27, 0.36)),
    ("R03A", True,  0, (0.04,  0.05,  0.05,  0.06, 0.07)),
    ("R03B", True,  0, (0.02,  0.03,  0.04,  0.05, 0.06)),
    ("H03A", True,  2, (0.002, 0.04,  0.09,  0.12, 0.13)),
    ("G03A", True,  2, (0.05,  0.30,  0.02,  0.0,  0.0)),
    ("J01C", False, 0, (0.12,  0.09,  0.09,  0.10, 0.12)),
    ("J01F", False, 0, (0.03,  0.03,  0.03,  0.03, 0.04)),
    ("M01A", False, 0, (0.03,  0.12,  0.14,  0.11, 0.08)),
    ("N02B", False, 0, (0.03,  0.04,  0.05,  0.08, 0.15)),
    ("N02A", False, 0, (0.002, 0.02,  0.05,  0.08, 0.13)),
    ("D07A", False, 0, (0.08,  0.06,  0.06,  0.07, 0.08)),
    ("R06A", False, 0, (0.05,  0.06,  0.05,  0.04, 0.04)),
    ("A06A", False, 0, (0.02,  0.02,  0.04,  0.09, 0.20)),
]
# Psychofarmaca of a person with psychofarmaca: P(code); everyone gets at least one.
_PSY_ADULT = (("N06A", 0.55), ("N05B", 0.28), ("N05C", 0.20), ("N05A", 0.10), ("N06B", 0.07),
              ("N06C", 0.01))
_PSY_CHILD = (("N06B", 0.80), ("N05A", 0.15), ("N06A", 0.10))
# Main diagnoses of other specialist GGZ: none starts with 'as1_4' ('as1_14.1' does not either).
_DIAGNOSES = ("as1_7.1", "as1_7.2", "as1_8.1", "as1_8.4", "as1_11.2", "as1_2.1", "as1_5.1",
              "as1_10.1", "as1_1.1", "as2_1", "as1_14.1")
_ADDICTION_DIAGNOSES = ("as1_4.1", "as1_4.2", "as1_4.3", "as1_4.4", "as1_4.6")
# fmt: on


def _age_band(age: np.ndarray) -> np.ndarray:
    """0-17, 18-44, 45-64, 65-74, 75+ as 0..4 (the medication prevalence bands)."""
    return np.searchsorted(np.array([18, 45, 65, 75]), age, side="right")


def _psy_chosen(persistent: np.ndarray, age: np.ndarray) -> np.ndarray:
    """The psychofarmaca (columns in the order of `_PSY_ADULT`) of persons with psychofarmaca
    in a year: (m, 6) booleans from their persistent uniform draws (m, 6) and ages (m,); everyone
    gets at least one (N06A for adults, N06B for children)."""
    psy_codes = [c for c, _ in _PSY_ADULT]
    adult = age >= 18
    chosen = np.zeros((len(age), len(psy_codes)), dtype=bool)
    for k, (code, p) in enumerate(_PSY_ADULT):
        pk = np.full(len(age), p)
        if code == "N05C":
            pk = np.where(age >= 65, 2 * p, p)
        if code == "N06B":
            pk = np.where(age < 30, 2 * p, p)
        chosen[:, k] = adult & (persistent[:, k] < pk)
    for code, p in _PSY_CHILD:
        k = psy_codes.index(code)
        chosen[:, k] |= ~adult & (persistent[:, k] < p)
    none = ~chosen.any(axis=1)
    chosen[none, np.where(adult[none], psy_codes.index("N06A"), psy_codes.index("N06B"))] = True
    return chosen


def _t_medicijn(w: _World, pop: _Population, tr: _Traits) -> tuple[dict, np.ndarray]:
    """MEDICIJNTAB per year, and the number of ATC4 codes per person-year (for pharmacy costs)."""
    P = pop.P
    n, ny = tr.present.shape
    female = P["female"]
    low_income = tr.z < -0.8
    rows = {j: ([], []) for j in range(ny)}
    n_codes = np.zeros((n, ny), dtype=np.int64)

    def add(j, pids, code):
        rows[j][0].append(pids)
        rows[j][1].append(np.full(len(pids), code, dtype="U4"))
        n_codes[pids, j] += 1

    for code, chronic, sex, prev in _ATC:
        rng = _rng(w.seed, "atc", code)
        persistent = rng.random(n)  # the same persons get a chronic medicine every year
        sex_factor = np.ones(n) if sex == 0 else np.where(female == (sex == 2), 1.0, 0.0)
        if code == "H03A":
            sex_factor = np.where(female, 1.6, 0.3)
        factor = sex_factor * np.where(low_income & (code == "A10B"), 1.6, 1.0)
        for j in range(ny):
            p = np.asarray(prev)[_age_band(tr.age[:, j])] * factor
            u = persistent if chronic else rng.random(n)
            got = tr.present[:, j] & (tr.age[:, j] >= 0) & (u < p)
            if chronic:
                got &= rng.random(n) > 0.08
            add(j, np.flatnonzero(got), code)

    rng = _rng(w.seed, "psychofarmaca")
    persistent = rng.random((n, len(_PSY_ADULT)))
    for j in range(ny):
        pids = np.flatnonzero(tr.psych[:, j])
        chosen = _psy_chosen(persistent[pids], tr.age[pids, j])
        for k, (code, _) in enumerate(_PSY_ADULT):
            add(j, pids[chosen[:, k]], code)

    tables = {}
    for j, y in enumerate(w.years):
        pids = np.concatenate(rows[j][0])
        codes = np.concatenate(rows[j][1])
        order = np.lexsort((codes, pids))
        pids, codes = pids[order], codes[order]
        # A handful of dispensings that cannot be linked to the population register.
        rng = _rng(w.seed, "medicijn-unlinked", y)
        k = max(2, len(pids) // 20_000)
        extra = pop.take_spare(k)
        tables[f"MEDICIJNTAB{y}"] = _frame(
            {
                "RINPERSOONS": np.concatenate([_R(len(pids)), np.full(k, "S", dtype="U1")]),
                "RINPERSOON": np.concatenate([pop.rin[pids], extra]),
                "ATC4": np.concatenate([codes, rng.choice(np.array(["J01C", "N06A", "C09A"]), k)]),
            }
        )
    return tables, n_codes


def _ggz_costs(rng, care: np.ndarray, spec: np.ndarray, year: int) -> dict:
    """The GGZ cost columns of one year: positive for care, else 0 with missing cells and a few
    negative corrections (which are no care). The columns break in 2022."""
    n = len(care)
    if year <= 2021:
        # Generalist basic GGZ, specialist GGZ (everyone with a DBC trajectory), or both.
        u = rng.random(n)
        has_spec = spec | (care & (u >= 0.85))
        has_basis = care & (~has_spec | (u < 0.3))
        basis = np.where(has_basis, np.round(rng.lognormal(6.4, 0.6, n), 2), 0.0)
        specialist = np.where(
            has_spec, np.round(np.maximum(rng.lognormal(7.6, 1.0, n), 150), 2), 0.0
        )
        # A small correction in the empty column of some care persons (the sum stays > 0).
        corr = has_spec & ~has_basis & (rng.random(n) < 0.01)
        basis = np.where(corr, -np.round(rng.uniform(5, 50, n), 2), basis)
        basis = np.where(~has_basis & ~corr & (rng.random(n) < 0.03), np.nan, basis)
        specialist = np.where(~has_spec & (rng.random(n) < 0.03), np.nan, specialist)
        neg = ~care & (rng.random(n) < 0.004)
        specialist = np.where(neg, -np.round(rng.uniform(10, 500, n), 2), specialist)
        return {"ZVWKGENBASGGZ": basis, "ZVWKSPECGGZ": specialist}
    total = np.where(care, np.round(np.maximum(rng.lognormal(7.0, 1.1, n), 20), 2), 0.0)
    total = np.where(~care & (rng.random(n) < 0.03), np.nan, total)
    neg = ~care & (rng.random(n) < 0.004)
    return {"ZVWKGGZZPMTOTAAL": np.where(neg, -np.round(rng.uniform(10, 500, n), 2), total)}


def _zvw_costs(rng, age, n_codes, ggz, spec, year: int) -> dict:
    """The cost columns of ZVWZORGKOSTENTAB of one year for persons of ages `age` (on 1 January)
    with `n_codes` ATC4 codes dispensed, GGZ care `ggz` and specialist GGZ `spec`."""
    n = len(age)
    age = np.maximum(age, 0)
    gp = np.where(rng.random(n) < 0.88, np.round(rng.gamma(2.0, 60 + 2.5 * age), 2), 0.0)
    pharmacy = np.where(n_codes > 0, np.round(n_codes * rng.gamma(2.0, 90, n), 2), 0.0)
    gp[rng.random(n) < 0.005] = np.nan
    pharmacy[rng.random(n) < 0.005] = np.nan
    cols = {"ZVWKHUISARTS": gp, "ZVWKFARMACIE": pharmacy}
    cols.update(_ggz_costs(rng, ggz, spec & ggz, year))
    return cols


def _t_zvw(w: _World, pop: _Population, tr: _Traits, n_codes: np.ndarray) -> dict:
    """ZVWZORGKOSTENTAB per year: everyone in the Netherlands that year, plus a few insured
    persons that cannot be linked."""
    tables = {}
    for j, y in enumerate(w.years):
        rng = _rng(w.seed, "zvw", y)
        pids = np.flatnonzero(tr.present[:, j])
        n = len(pids)
        cols = {"RINPERSOONS": _R(n), "RINPERSOON": pop.rin[pids]}
        cols.update(
            _zvw_costs(rng, tr.age[pids, j], n_codes[pids, j], tr.ggz[pids, j], tr.spec[pids, j], y)
        )
        m = max(2, n // 20_000)
        extra = {"RINPERSOONS": np.full(m, "S", dtype="U1"), "RINPERSOON": pop.take_spare(m)}
        for c in cols:
            extra.setdefault(c, np.round(rng.uniform(0, 300, m), 2))
        tables[f"ZVWZORGKOSTENTAB{y}"] = _frame(
            {c: np.concatenate([cols[c], extra[c]]) for c in cols}
        )
    return tables


def _trajectories(rng, addict: np.ndarray, age: np.ndarray, year: int, t1) -> dict:
    """The columns of GGZDBCTRAJECTENHOOFDDIAGTAB after the keys, for trajectories beginning in
    `year` of persons with addiction care `addict` and ages `age`; ends after day `t1` (the
    world's last day) are running."""
    n = len(addict)
    u = rng.random(n)
    circuit = np.where(age >= 65, "2", np.where(age < 18, "3", "1")).astype("U1")
    diag = rng.choice(np.array(_DIAGNOSES), n)
    diag[rng.random(n) < 0.03] = ""
    a_diag = rng.choice(np.array(_ADDICTION_DIAGNOSES), n)
    # Addiction: circuit 5 with an as1_4 diagnosis, circuit 5 with another, or as1_4 elsewhere.
    circuit = np.where(addict & (u < 0.75), "5", circuit)
    diag = np.where(
        addict & ((u < 0.55) | (u >= 0.75)),
        a_diag,
        np.where(addict, np.where(u < 0.65, "as1_18.1", ""), diag),
    )
    begin = _jan1(year) + rng.integers(0, 365, n)
    end = begin + rng.integers(20, 366, n)
    end = np.where(end > t1, OPEN, end)
    return {
        "GGZDBCBegindatum": _ymd(begin),
        "GGZDBCEinddatum": _end_dates(rng, end, 0.1),
        "GGZDBCHoofddiagnoseDSMIV": diag.astype("U12"),
        "GGZDBCCircuitHOOFDDIAG": circuit,
    }


def _t_ggzdbc(w: _World, pop: _Population, tr: _Traits) -> dict:
    """Specialist GGZ trajectories, one file per year of the begin date; addiction care is a
    trajectory in circuit 5 or with a main diagnosis as1_4.x (not always both)."""
    tables = {}
    rng = _rng(w.seed, "ggzdbc-numbers")
    total = int(tr.spec.sum() * 1.2) + 10
    numbers = np.strings.zfill(rng.choice(10**10, size=total, replace=False).astype("U10"), 10)
    used = 0
    for j, y in enumerate(w.years):
        rng = _rng(w.seed, "ggzdbc", y)
        pids = np.flatnonzero(tr.spec[:, j])
        pids = np.concatenate(
            [pids, pids[rng.random(len(pids)) < 0.12]]
        )  # some have two trajectories
        pids.sort()
        n = len(pids)
        cols = {
            "RINPERSOONS": _R(n),
            "RINPERSOON": pop.rin[pids],
            "GGZDBCtrajectnummer": numbers[used : used + n],
        }
        cols.update(_trajectories(rng, tr.addict[pids, j], tr.age[pids, j], y, w.t1))
        tables[f"GGZDBCTRAJECTENHOOFDDIAGTAB{y}"] = _frame(cols)
        used += n
    return tables
