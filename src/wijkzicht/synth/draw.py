"""Random draws and day arithmetic shared by every stage of the synthetic world.

Days are numpy int64 day numbers since 1970-01-01 (NEVER: does not happen, EMPTY: written as an
empty date, OPEN: the running end date 20501231). `_rng` derives an independent generator per
component from the seed; the other helpers are vectorised draws and conversions.
"""

from __future__ import annotations

import zlib

import numpy as np
from scipy.special import expit

from wijkzicht.inputs.contracts import OPEN_END

NEVER = np.int64(10_000_000)  # a day number far beyond 2050: "does not happen"
EMPTY = np.int64(-1_000_000)  # a day number written as an empty date string
# The running end date of the contract (20501231) as a day number.
OPEN = np.int64(
    (
        np.datetime64(f"{OPEN_END[:4]}-{OPEN_END[4:6]}-{OPEN_END[6:]}")
        - np.datetime64("1970-01-01")
    ).astype(np.int64)
)
YEAR = 365.25


def _rng(seed: int, *keys) -> np.random.Generator:
    """An independent generator per component, so that changing one part leaves the others."""
    spawn = tuple(zlib.crc32(str(k).encode()) for k in keys)
    return np.random.default_rng(np.random.SeedSequence(int(seed) % 2**63, spawn_key=spawn))


def _day(y: int, m: int = 1, d: int = 1) -> np.int64:
    return np.int64(
        (np.datetime64(f"{y:04d}-{m:02d}-{d:02d}") - np.datetime64("1970-01-01")).astype(np.int64)
    )


def _jan1(years) -> np.ndarray:
    y = np.asarray(years, dtype=np.int64)
    return (y - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)


def _year_of(days) -> np.ndarray:
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    return d.astype("datetime64[Y]").astype(np.int64) + 1970


def _ymd(days) -> np.ndarray:
    """Day numbers as 'YYYYMMDD' strings; EMPTY becomes ''."""
    days = np.asarray(days, dtype=np.int64)
    empty = days == EMPTY
    d = np.where(empty, 0, days).astype("datetime64[D]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dd = (d - d.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    out = (y * 10000 + m * 100 + dd).astype("U8")
    out[empty] = ""
    return out


def _expand(counts) -> tuple[np.ndarray, np.ndarray]:
    """For group sizes `counts`: the owning group of each element and its rank within the group."""
    counts = np.asarray(counts, dtype=np.int64)
    owner = np.repeat(np.arange(len(counts)), counts)
    first = np.cumsum(counts) - counts
    return owner, np.arange(len(owner)) - first[owner]


def _categorical(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One draw per row of a (n, k) matrix of probabilities."""
    cum = np.cumsum(probs, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(len(probs))[:, None]
    return np.minimum((u >= cum).sum(axis=1), probs.shape[1] - 1)


def _choice(rng: np.random.Generator, values, probs, n: int) -> np.ndarray:
    probs = np.asarray(probs, dtype=float)
    return np.asarray(values)[rng.choice(len(probs), size=n, p=probs / probs.sum())]


def _calibrate(score: np.ndarray, target: float) -> float:
    """The offset c with mean(expit(score + c)) == target (bisection; score may be empty)."""
    if len(score) == 0:
        return 0.0
    lo, hi = -30.0, 30.0
    for _ in range(50):
        mid = (lo + hi) / 2
        if expit(score + mid).mean() < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _group_first(sorted_keys: np.ndarray) -> np.ndarray:
    """True at the first element of each run of equal keys."""
    first = np.ones(len(sorted_keys), dtype=bool)
    first[1:] = sorted_keys[1:] != sorted_keys[:-1]
    return first


def _age(birth: np.ndarray, day) -> np.ndarray:
    return (np.asarray(day) - birth) / YEAR
