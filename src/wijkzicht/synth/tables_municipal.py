"""Tables of municipal registrations: GEMWMOVOORZIENINGEN (Wmo provisions, with BW/MO
outflow before moves) and GEMBUURTTEAM (neighbourhood-team trajectories)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit

from wijkzicht.synth.columns import _end_dates, _frame, _person_keys, _some
from wijkzicht.synth.draw import EMPTY, NEVER, OPEN, _age, _calibrate, _jan1, _rng, _year_of, _ymd
from wijkzicht.synth.geography import _World
from wijkzicht.synth.households import L_LINKED
from wijkzicht.synth.population import _Population
from wijkzicht.synth.traits import _Traits


def _inside_on(pop: _Population, pid: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Whether each person lives in the gemeente on the given day."""
    S = pop.S
    key = S["pid"] * NEVER + S["start"]
    i = np.searchsorted(key, pid * NEVER + day, side="right") - 1
    ok = i >= 0
    i = np.maximum(i, 0)
    return ok & (S["pid"][i] == pid) & (S["end"][i] >= day) & pop.objs.inside[S["obj"][i]]


def _spells(rng, pids: np.ndarray, lo, hi, mean_days: float, min_days: int = 30):
    begin = lo + (rng.random(len(pids)) * (np.asarray(hi) - lo + 1)).astype(np.int64)
    end = begin + min_days + np.round(rng.exponential(mean_days, len(pids))).astype(np.int64)
    return begin, end


def _close(w: _World, pop: _Population, pid, begin, end):
    """Registrations start while the person lives in the gemeente, end at death, and are
    running ('20501231') when they end after the last year."""
    end = np.minimum(end, pop.P["death"][pid])
    end = np.where(end > w.t1, OPEN, end)
    keep = _inside_on(pop, pid, begin) & (end >= begin)
    return pid[keep], begin[keep], end[keep]


def _outflow_before_moves(w: _World, pop: _Population, tr: _Traits):
    """BW/MO provisions that ended shortly before a move into another wijk, more often before
    moves into the vulnerable wijken; some exactly 365 (or 366) days before the move."""
    rng = _rng(w.seed, "outflow")
    S, objs = pop.S, pop.objs
    prev_same = np.zeros(len(S["pid"]), dtype=bool)
    prev_same[1:] = S["pid"][1:] == S["pid"][:-1]
    i = np.flatnonzero(prev_same & (S["start"] >= w.t0) & (S["start"] <= w.t1))
    pid, m = S["pid"][i], S["start"][i]
    y = _year_of(m)
    dest = objs.wijk_in_year(w, S["obj"][i], y)
    prev = objs.wijk_in_year(w, S["obj"][i - 1], y)
    adult = _age(pop.P["birth"][pid], m) >= 18
    ok = (dest >= 0) & (dest != prev) & adult
    base = np.where(w.vulnerable[np.maximum(dest, 0)], 0.05, 0.006)
    pick = ok & (rng.random(len(i)) < np.minimum(base * np.exp(0.6 * tr.D[pid]), 0.5))
    pid, m = pid[pick], m[pick]
    u = rng.random(len(pid))
    gap = np.where(
        u < 0.12,
        365,
        np.where(u < 0.17, 366, np.where(u < 0.22, 0, rng.integers(1, 365, len(pid)))),
    )
    end = m - gap
    begin = end - rng.integers(60, 900, len(pid))
    kind = np.where(rng.random(len(pid)) < 0.4, "BW", "MO").astype("U3")
    return pid, kind, begin, end


def _t_wmo(
    w: _World, pop: _Population, tr: _Traits
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """GEMWMOVOORZIENINGEN, the (n, n_years) matrix of active BW/MO (as the pipeline sees it),
    and per row the person and the begin day (EMPTY when the row has none)."""
    rng = _rng(w.seed, "wmo")
    n = len(pop.P["hh"])
    age = _age(pop.P["birth"], _jan1(w.years[len(w.years) // 2]))
    adult = (age >= 18) & tr.present.any(axis=1)
    lo, hi = w.t0 - 3 * 365, w.t1
    parts = []

    def provision(kind, score, share, mean_days, eligible):
        c = _calibrate(score[eligible], share)
        pid = np.flatnonzero(eligible & (rng.random(n) < expit(score + c)))
        begin, end = _spells(rng, pid, lo, hi, mean_days)
        pid, begin, end = _close(w, pop, pid, begin, end)
        k = np.full(len(pid), kind, dtype="U3") if isinstance(kind, str) else kind(len(pid))
        parts.append((pid, k, begin, end))

    bwmo = 1.0 * tr.D + 1.0 * tr.A - 0.5 * tr.z + rng.normal(0, 0.6, n)
    provision(
        lambda k: np.where(rng.random(k) < 0.4, "BW", "MO").astype("U3"), bwmo, 0.012, 600, adult
    )
    provision("BEG", 0.8 * tr.D + 0.02 * age + rng.normal(0, 1, n), 0.03, 700, adult)
    provision("DB", 0.5 * tr.D + 0.03 * age + rng.normal(0, 1, n), 0.012, 900, adult)
    provision("HH", 0.06 * age + 0.3 * tr.health + rng.normal(0, 1, n), 0.10, 1200, age >= 65)
    pid, kind, begin, end = _outflow_before_moves(w, pop, tr)
    parts.append((pid, kind, begin, end))

    pid, kind, begin, end = (np.concatenate(x) for x in zip(*parts, strict=True))
    order = np.lexsort((begin, pid))
    pid, kind, begin, end = pid[order], kind[order], begin[order], end[order]
    # A few rows without a begin date (never active) and a few that cannot be linked.
    no_begin = _some(rng, len(pid), 0.002, 1)
    begin = np.where(no_begin, EMPTY, begin)
    rins, rin = _person_keys(rng, pop, pid, 0.003, "I")

    active = np.zeros((n, len(w.years)), dtype=bool)
    bw = np.isin(kind, ("BW", "MO")) & ~no_begin & (rins == "R")
    for j, y in enumerate(w.years):
        on = bw & (begin <= _jan1(y + 1) - 1) & (end >= _jan1(y))
        active[pid[on], j] = True
    df = _frame(
        {
            "RINPERSOONS": rins,
            "RINPERSOON": rin,
            "VOORZIENING": kind,
            "DATUMBEGIN": _ymd(begin),
            "DATUMEINDE": _end_dates(rng, end, 0.1),
        }
    )
    return df, active, pid, begin


def _t_buurtteam(
    w: _World, pop: _Population, tr: _Traits, bwmo: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Neighbourhood-team trajectories: SOC for adults; JG for children, 2-3 times as likely when
    a linkable parent has GGZ care, psychofarmaca, addiction care or BW/MO that year. Also
    returns per row the person and the begin day (EMPTY when the row has none)."""
    rng = _rng(w.seed, "buurtteam")
    P = pop.P
    n, ny = tr.present.shape
    parts = []
    problem = tr.ggz | tr.psych | tr.addict | bwmo
    flag = np.zeros((n, ny), dtype=bool)
    for key in ("fa", "mo"):
        p = P[key]
        linked = (P[key + "_state"] == L_LINKED) & (p >= 0)
        flag[linked] |= problem[p[linked]]
    for j, y in enumerate(w.years):
        lo, hi = _jan1(y), _jan1(y + 1) - 1
        adult = tr.present[:, j] & (tr.age[:, j] >= 18)
        child = tr.present[:, j] & (tr.age[:, j] >= 0) & (tr.age[:, j] < 17.5)
        score = 0.9 * tr.Dt[:, j] - 0.3 * tr.z + 0.4 * tr.ggz[:, j]
        soc = np.flatnonzero(
            adult & (rng.random(n) < expit(score + _calibrate(score[adult], 0.02)))
        )
        score = 0.4 * tr.D + np.log(3.0) * flag[:, j]
        jg = np.flatnonzero(
            child & (rng.random(n) < expit(score + _calibrate(score[child], 0.035)))
        )
        for team, pid in (("SOC", soc), ("JG", jg)):
            begin, end = _spells(rng, pid, lo, hi, 150, 30)
            pid, begin, end = _close(w, pop, pid, begin, end)
            parts.append((pid, np.full(len(pid), team, dtype="U3"), begin, end))
    pid, team, begin, end = (np.concatenate(x) for x in zip(*parts, strict=True))
    order = np.lexsort((begin, pid))
    pid, team, begin, end = pid[order], team[order], begin[order], end[order]
    begin = np.where(_some(rng, len(pid), 0.002, 1), EMPTY, begin)
    rins, rin = _person_keys(rng, pop, pid, 0.003, "I")
    df = _frame(
        {
            "RINPERSOONS": rins,
            "RINPERSOON": rin,
            "TEAM": team,
            "DATUMBEGIN": _ymd(begin),
            "DATUMEINDE": _end_dates(rng, end, 0.1),
        }
    )
    return df, pid, begin
