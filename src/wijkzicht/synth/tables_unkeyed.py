"""A municipal registration delivered without the CBS key, as the probabilistic linkage gets it.

`_unkeyed` turns a keyed registration (one row per trajectory, with the person behind each row
and its begin day) into the unkeyed variant of the input contract
(`wijkzicht.inputs.contracts.unkeyed_table`): RINPERSOONS/RINPERSOON replaced by the birth date,
sex and address object the municipality registered, with the errors real registrations hold:

* birth date: day and month swapped (2% of rows, where the day is 12 or less), one digit off
  in the year, month or day (2%, only where the result is still a real date), missing (1%);
* sex: unknown `-` (1%);
* address: an older address of the person, from before a move (6%, where there is one),
  missing (2%); otherwise the address the person lived at on the begin date (the first day of
  the first year for a row without a begin date);
* persons missing from GBAPERSOONTAB (about 0.3% of the world) cannot be found at all; twins
  (same birth date, same address) occur as the households make them.

The truth (the RINPERSOON of the person behind each row, '' for a person not in
GBAPERSOONTAB) is returned separately; the workflow writes it beside the world for the linkage
evaluation only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkzicht.inputs.contracts import unkeyed_table
from wijkzicht.synth.columns import _frame
from wijkzicht.synth.draw import EMPTY, NEVER, _rng, _ymd
from wijkzicht.synth.geography import _World
from wijkzicht.synth.population import _Population

# shares of rows with each kind of error
SWAP, DIGIT, NO_DATE = 0.02, 0.02, 0.01
NO_SEX = 0.01
OLDER_ADDRESS, NO_ADDRESS = 0.06, 0.02


def _address_spell(pop: _Population, pid: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Index into pop.S of the person's spell on `day` (else the last spell before it), -1
    when the person has no spell starting on or before that day."""
    S = pop.S
    key = S["pid"] * NEVER + S["start"]
    i = np.searchsorted(key, pid * NEVER + day, side="right") - 1
    ok = (i >= 0) & (S["pid"][np.maximum(i, 0)] == pid)
    return np.where(ok, i, -1)


def _one_digit_off(rng, dates: np.ndarray, latest: str) -> np.ndarray:
    """Each YYYYMMDD string with one digit (of the year's last two, the month's or the day's
    last) replaced by another digit; unchanged where the result would not be a real date on or
    before `latest` (YYYYMMDD)."""
    pos = rng.choice([2, 3, 5, 7], size=len(dates))
    new = rng.integers(0, 9, size=len(dates))
    out = dates.copy()
    for k in range(len(dates)):  # a few hundred rows at most
        d = dates[k]
        old = int(d[pos[k]])
        digit = str(new[k] if new[k] < old else new[k] + 1)
        out[k] = d[: pos[k]] + digit + d[pos[k] + 1 :]
    real = pd.to_datetime(pd.Series(out), format="%Y%m%d", errors="coerce").notna().to_numpy()
    return np.where(real & (out <= latest), out, dates)


def _unkeyed(
    w: _World,
    pop: _Population,
    table: str,
    keyed: pd.DataFrame,
    pid: np.ndarray,
    begin: np.ndarray,
    soort: np.ndarray,
    orin: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The unkeyed variant of registration `table` and its truth.

    `keyed` is the keyed frame, `pid` and `begin` (day numbers, EMPTY for none) its rows'
    persons and begin days; `soort`/`orin` the address objects' keys. Returns (frame with the
    columns of `unkeyed_table(table)` in contract order, truth with `row` (1-based data row),
    RINPERSOONS and RINPERSOON of the person behind the row, both '' for a person missing from
    GBAPERSOONTAB).
    """
    rng = _rng(w.seed, "unkeyed", table)
    n = len(pid)
    P, S = pop.P, pop.S

    # birth date with errors
    born = _ymd(P["birth"][pid])
    day = np.array([int(d[6:]) for d in born], dtype=np.int64)
    month = np.array([int(d[4:6]) for d in born], dtype=np.int64)
    u = rng.random(n)
    swap = (u < SWAP) & (day <= 12) & (day != month)
    swapped = np.array([d[:4] + d[6:] + d[4:6] for d in born], dtype="U8")
    born = np.where(swap, swapped, born)
    digit = (u >= SWAP) & (u < SWAP + DIGIT)
    born[digit] = _one_digit_off(rng, born[digit], str(_ymd([w.t1])[0]))
    born[(u >= SWAP + DIGIT) & (u < SWAP + DIGIT + NO_DATE)] = ""

    # sex as the municipality registered it
    sex = np.where(P["female"][pid], "2", "1").astype("U1")
    sex[rng.random(n) < NO_SEX] = "-"

    # the address on the begin date, sometimes an older one, sometimes none
    ref = np.where(begin == EMPTY, w.t0, begin)
    i = _address_spell(pop, pid, ref)
    v = rng.random(n)
    older = (v < OLDER_ADDRESS) & (i > 0)
    older &= S["pid"][np.maximum(i - 1, 0)] == pid
    i = np.where(older, i - 1, i)
    i = np.where((v >= OLDER_ADDRESS) & (v < OLDER_ADDRESS + NO_ADDRESS), -1, i)
    obj = S["obj"][np.maximum(i, 0)]
    has = i >= 0
    s_obj = np.where(has, soort[obj], "").astype("U1")
    r_obj = np.where(has, orin[obj], "").astype(orin.dtype)

    ident = {
        "GEBOORTEDATUM": born,
        "GESLACHT": sex,
        "SOORTOBJECTNUMMER": s_obj,
        "RINOBJECTNUMMER": r_obj,
    }
    columns = [c.name for c in unkeyed_table(table).columns]
    df = _frame(ident)
    for c in columns:
        if c not in df:
            df[c] = keyed[c].to_numpy()
    in_gba = P["in_gba"][pid]
    truth = _frame(
        {
            "row": np.arange(1, n + 1, dtype=np.int64),
            "RINPERSOONS": np.where(in_gba, "R", "").astype("U1"),
            "RINPERSOON": np.where(in_gba, pop.rin[pid], "").astype("U9"),
        }
    )
    return df[columns], truth
