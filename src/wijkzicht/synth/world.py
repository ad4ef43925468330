"""Synthetic world generator: a seeded, fully vectorised gemeente in the shape of inputs.md.

The world is one gemeente (default Utrecht, GM0344) observed over `years`. Households live in
its wijken on 1 January of the first year; each year new households move in so that the
population stays near `n_residents`; people are born, die, move within the gemeente, move out
(to another gemeente or abroad), and children leave home. Some legal parents live in another
gemeente. On top of this sit persistent latent traits (psychological distress, addiction,
loneliness, general health, income) that drive every registration, so that the associations
the pipeline looks for really exist in the data:

* distress is higher with low income, in Overvecht/Zuidwest/Noordwest, for women and young
  adults, and for people of Marokkaanse, Turkse, overig Afrikaanse and overig Aziatische
  herkomst, who at the same time get *less* registered GGZ care for the same distress
  (a care gap visible when survey and registry are combined);
* children share a household component of distress with their parents and live more often in
  the vulnerable wijken, so that children of parents with problems cluster there, and their
  probability of a youth-team (JG) trajectory is about 2-3 times higher when a parent meets the
  `breed` condition;
* newcomers into the vulnerable wijken more often have low income and a recent BW/MO outflow.

Everything is vectorised with numpy: loops run over years, cohorts, wijken or code lists, never
over persons. Each component draws from its own generator derived from the seed, so the world
is a pure function of (seed, n_residents, years, survey_waves, geography, countries, gemeente).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.special import expit, ndtr, ndtri

from wijkzicht.inputs.contracts import OPEN_END

# --------------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------------

# Household types (internal) and the person roles within them.
T_SINGLE, T_COUPLE, T_FAMILY, T_PARENT, T_OTHER, T_INST = range(6)
MEAN_SIZE = np.array([1.0, 2.0, 3.94, 2.57, 2.65, 23.0])
R_HEAD, R_PARTNER, R_CHILD, R_OTHER, R_INST, R_OUTSIDE = range(6)
# State of a parent link in KINDOUDERTAB.
L_UNKNOWN, L_LINKED, L_UNLINKABLE = 0, 1, 2

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

# fmt: off
# Wijk profiles. mix: share of households single, couple, family (couple with children), single
# parent, other, institutional; single_age: share of single heads aged 18-29, 30-64, 65+; income
# and distress: shifts in SD units; move, inflow: relative rates of moving out / moving in;
# survey: respondents per wijk at the default size (360,000 residents).
_PROFILE_FIELDS = ("mix", "single_age", "income", "distress", "move", "inflow", "survey")
_PROFILES = {
    "student":         ((0.60, 0.20, 0.08, 0.04, 0.078, 0.002), (0.65, 0.25, 0.10), -0.3,  0.10, 1.5, 2.0, 420),
    "jong":            ((0.52, 0.24, 0.14, 0.05, 0.048, 0.002), (0.45, 0.40, 0.15),  0.1,  0.00, 1.2, 1.3, 450),
    "welvarend":       ((0.42, 0.28, 0.23, 0.05, 0.018, 0.002), (0.25, 0.45, 0.30),  0.6, -0.15, 0.8, 0.9, 420),
    "gemengd":         ((0.46, 0.25, 0.18, 0.07, 0.037, 0.003), (0.30, 0.45, 0.25),  0.1,  0.00, 1.0, 1.0, 450),
    "kwetsbaar_licht": ((0.48, 0.20, 0.17, 0.10, 0.047, 0.003), (0.30, 0.45, 0.25), -0.4,  0.15, 1.0, 1.0, 550),
    "kwetsbaar":       ((0.44, 0.15, 0.21, 0.15, 0.047, 0.003), (0.25, 0.45, 0.30), -0.8,  0.30, 1.0, 1.1, 700),
    "gezin":           ((0.28, 0.22, 0.39, 0.09, 0.018, 0.002), (0.25, 0.50, 0.25),  0.3, -0.05, 0.8, 1.2, 550),
    "gezin_welvarend": ((0.26, 0.28, 0.39, 0.06, 0.008, 0.002), (0.15, 0.45, 0.40),  0.6, -0.15, 0.7, 0.8, 450),
}
# Herkomst mix (percent) per profile, by the 2022 groups of the country reference.
_GROUPS = ("Nederland", "Marokko", "Turkije", "Suriname", "Caribisch deel Koninkrijk",
           "Indonesie", "overig Europa", "overig Afrika", "overig Amerika/Oceanie", "overig Azie")
_HERKOMST = {
    "student":         (68,  3,  1, 2, 1, 2, 12, 2, 4, 5),
    "jong":            (64,  6,  3, 2, 1, 2, 11, 2, 4, 5),
    "welvarend":       (76,  3,  1, 2, 1, 3,  8, 1, 2, 3),
    "gemengd":         (65,  8,  3, 3, 1, 2,  9, 2, 3, 4),
    "kwetsbaar_licht": (54, 16,  7, 3, 1, 2,  8, 3, 2, 4),
    "kwetsbaar":       (36, 24, 10, 4, 2, 1,  8, 6, 2, 7),
    "gezin":           (68,  7,  3, 3, 1, 2,  8, 2, 2, 4),
    "gezin_welvarend": (78,  4,  2, 2, 1, 2,  6, 1, 2, 2),
}
# Per herkomst group: P(born abroad) under / from 35, income shift, distress shift, and care
# access (log-odds of registered GGZ care at equal distress: the care gap).
_GROUP_PARAMS = {
    "Nederland":                 (0.00, 0.00,  0.10, 0.00,  0.0),
    "Marokko":                   (0.25, 0.75, -0.50, 0.40, -1.0),
    "Turkije":                   (0.25, 0.72, -0.45, 0.40, -1.0),
    "Suriname":                  (0.30, 0.60, -0.30, 0.15, -0.3),
    "Caribisch deel Koninkrijk": (0.45, 0.70, -0.35, 0.15, -0.3),
    "Indonesie":                 (0.05, 0.30,  0.00, 0.00,  0.0),
    "overig Europa":             (0.60, 0.80,  0.00, 0.05, -0.1),
    "overig Afrika":             (0.55, 0.88, -0.60, 0.45, -1.0),
    "overig Amerika/Oceanie":    (0.65, 0.85,  0.00, 0.05, -0.1),
    "overig Azie":               (0.60, 0.85, -0.40, 0.40, -1.0),
}
_GROUP_DEFAULT = (0.6, 0.8, 0.0, 0.1, -0.2)
_GAP_GROUPS = ("Marokko", "Turkije", "overig Afrika", "overig Azie")

# The default gemeente: wijk name -> (profile, relative population).
_UTRECHT = {
    "West": ("jong", 27), "Noordwest": ("kwetsbaar_licht", 43), "Overvecht": ("kwetsbaar", 35),
    "Noordoost": ("welvarend", 30), "Oost": ("student", 33), "Binnenstad": ("student", 18),
    "Zuid": ("gemengd", 37), "Zuidwest": ("kwetsbaar", 30), "Leidsche Rijn": ("gezin", 60),
    "Vleuten-De Meern": ("gezin_welvarend", 45),
}
# Other gemeenten people move to and from (and where some parents live), with weights.
_OUTSIDE = {"0307": 3, "0355": 4, "0356": 4, "0353": 2, "0363": 3, "0599": 2, "0518": 2}

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


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


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


def _frame(columns: dict) -> pd.DataFrame:
    """A DataFrame from arrays; numpy unicode arrays become pandas `str` columns (via Arrow, fast)."""
    out = {}
    for name, values in columns.items():
        if isinstance(values, np.ndarray) and values.dtype.kind == "U":
            out[name] = pa.array(values).to_pandas()
        else:
            out[name] = pd.Series(values)
    return pd.DataFrame(out)


def _nullable_int(values: np.ndarray, missing: np.ndarray) -> pd.arrays.IntegerArray:
    """A pandas Int64 array with <NA> where `missing`."""
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype("int64"), missing.copy())


# --------------------------------------------------------------------------------------------
# The world's fixed parameters: geography, countries, profiles
# --------------------------------------------------------------------------------------------


@dataclass
class _World:
    seed: int
    n: int
    years: list[int]
    waves: list[int]
    t0: np.int64
    t1: np.int64
    gem: str
    wijk_code: np.ndarray  # 6-digit codes
    n_wijk: int
    buurt_code: np.ndarray  # 8-digit codes; inside buurten first, then outside buurten
    buurt_wijk: np.ndarray  # wijk index of an inside buurt, -1 outside
    buurt_wc: np.ndarray  # 6-digit wijk code of every buurt
    buurt_gem: np.ndarray  # 4-digit gemeente code of every buurt
    n_inside_buurt: int
    buurt_cum: np.ndarray  # wijk index + cumulative weight within the wijk, inside buurten
    out_cum: np.ndarray  # cumulative weights over the outside buurten
    profile: list[str]
    mix: np.ndarray
    single_age: np.ndarray
    herk: np.ndarray
    income: np.ndarray
    distress: np.ndarray
    move: np.ndarray
    pop: np.ndarray
    inflow: np.ndarray
    survey: np.ndarray
    vulnerable: np.ndarray  # wijken where newcomers more often come from BW/MO
    family_wijk: np.ndarray
    student_wijk: np.ndarray
    newbuild_wijk: int
    country_code: np.ndarray  # 4-digit codes
    country_group: np.ndarray  # group index per country
    groups: list[str]
    nl: int  # country index of Nederland
    nl_group: int
    group_countries: np.ndarray  # country indices sorted by group
    group_start: np.ndarray
    group_count: np.ndarray
    p_abroad_young: np.ndarray
    p_abroad_old: np.ndarray
    g_income: np.ndarray
    g_distress: np.ndarray
    g_access: np.ndarray
    gap: np.ndarray  # groups with more distress and less care

    @property
    def jan1s(self) -> np.ndarray:
        return _jan1(self.years)


def _make_world(seed, n, years, waves, geography, countries, gemeente) -> _World:
    """The fixed parameters of the world from the reference files."""
    geo = _geography(seed, geography, gemeente)
    cty = _countries(countries)
    # Wijken of the default gemeente have their own profile; any other wijk is 'gemengd'.
    known = [_UTRECHT.get(name, ("gemengd", 30)) for name in geo.pop("wijk_name")]
    prof = [p for p, _ in known]
    popw = np.array([size for _, size in known], dtype=float)
    par = [dict(zip(_PROFILE_FIELDS, _PROFILES[p], strict=True)) for p in prof]
    mix = np.array([p["mix"] for p in par])
    inflow = popw * np.array([p["inflow"] for p in par])
    herk = np.array(
        [
            [_HERKOMST[p][_GROUPS.index(g)] if g in _GROUPS else 2.0 for g in cty["groups"]]
            for p in prof
        ],
        dtype=float,
    )
    family = np.array([p.startswith("gezin") for p in prof])
    return _World(
        seed=seed,
        n=n,
        years=list(years),
        waves=list(waves),
        t0=_day(min(years)),
        t1=_day(max(years), 12, 31),
        **geo,
        **cty,
        profile=prof,
        mix=mix / mix.sum(axis=1, keepdims=True),
        single_age=np.array([p["single_age"] for p in par]),
        herk=herk / herk.sum(axis=1, keepdims=True),
        income=np.array([p["income"] for p in par]),
        distress=np.array([p["distress"] for p in par]),
        move=np.array([p["move"] for p in par]),
        pop=popw / popw.sum(),
        inflow=inflow / inflow.sum(),
        survey=np.array([p["survey"] for p in par], dtype=float),
        vulnerable=np.array([p == "kwetsbaar" for p in prof]),
        family_wijk=family,
        student_wijk=np.array([p in ("student", "jong") for p in prof]),
        newbuild_wijk=int(np.flatnonzero(family)[0]) if family.any() else len(prof) - 1,
    )


def _geography(seed: int, geography: pd.DataFrame, gemeente: str) -> dict:
    """Wijken and buurten of the gemeente (codes without the GM/WK/BU prefix), and buurten in
    other gemeenten for people living elsewhere."""
    geo = geography.astype(str)
    geo = geo[geo["gemeente_code"] == gemeente]
    if geo.empty:
        raise ValueError(f"gemeente {gemeente!r} not in the geography reference")
    gem = gemeente[2:]
    wijken = geo.drop_duplicates("wijk_code").sort_values("wijk_code")
    wijk_code = wijken["wijk_code"].str[2:].to_numpy().astype("U6")
    buurten = geo.drop_duplicates("buurt_code").sort_values(["wijk_code", "buurt_code"])
    b_code = buurten["buurt_code"].str[2:].to_numpy().astype("U8")
    b_wijk = np.searchsorted(wijk_code, buurten["wijk_code"].str[2:].to_numpy().astype("U6"))

    # Buurt sizes within a wijk vary; the last cumulative weight of each wijk is exactly 1.
    bw = _rng(seed, "geography").gamma(4.0, 1.0, len(b_code))
    cum = np.empty(len(b_code))
    for k in range(len(wijk_code)):
        idx = np.flatnonzero(b_wijk == k)
        c = np.cumsum(bw[idx]) / bw[idx].sum()
        c[-1] = 1.0
        cum[idx] = k + c

    o_code, o_wc, o_gem, o_w = [], [], [], []
    for g, weight in _OUTSIDE.items():
        if g == gem:
            continue
        for wk in ("01", "02"):
            for bk in ("00", "01", "02"):
                o_code.append(g + wk + bk)
                o_wc.append(g + wk)
                o_gem.append(g)
                o_w.append(weight)
    out_cum = np.cumsum(o_w) / np.sum(o_w)
    out_cum[-1] = 1.0
    names = wijken["wijk_name"].tolist()
    return dict(
        gem=gem,
        wijk_code=wijk_code,
        n_wijk=len(wijk_code),
        wijk_name=names,
        buurt_code=np.concatenate([b_code, np.array(o_code, dtype="U8")]),
        buurt_wijk=np.concatenate([b_wijk, np.full(len(o_code), -1)]),
        buurt_wc=np.concatenate([wijk_code[b_wijk], np.array(o_wc, dtype="U6")]),
        buurt_gem=np.concatenate(
            [np.full(len(b_code), gem, dtype="U4"), np.array(o_gem, dtype="U4")]
        ),
        n_inside_buurt=len(b_code),
        buurt_cum=cum,
        out_cum=out_cum,
    )


def _countries(countries: pd.DataFrame) -> dict:
    """Country codes, their herkomst groups and the group parameters."""
    cty = countries.astype(str)
    groups = list(dict.fromkeys(cty["herkomst"]))
    if "Nederland" not in groups:
        raise ValueError("the country reference needs the herkomst group 'Nederland'")
    country_group = np.array([groups.index(h) for h in cty["herkomst"]])
    nl_group = groups.index("Nederland")
    order = np.argsort(country_group, kind="stable")
    gp = np.array([_GROUP_PARAMS.get(g, _GROUP_DEFAULT) for g in groups])
    gp[nl_group, :2] = 0.0  # Nederlandse herkomst is born in the Netherlands by construction
    return dict(
        country_code=cty["country_code"].to_numpy().astype("U4"),
        country_group=country_group,
        groups=groups,
        nl=int(np.flatnonzero(country_group == nl_group)[0]),
        nl_group=nl_group,
        group_countries=order,
        group_start=np.searchsorted(country_group[order], np.arange(len(groups))),
        group_count=np.bincount(country_group, minlength=len(groups)),
        p_abroad_young=gp[:, 0],
        p_abroad_old=gp[:, 1],
        g_income=gp[:, 2],
        g_distress=gp[:, 3],
        g_access=gp[:, 4],
        gap=np.array([g in _GAP_GROUPS for g in groups]),
    )


def _pick_country(rng, w: _World, group: np.ndarray) -> np.ndarray:
    """A country of each herkomst group, uniform within the group."""
    u = rng.random(len(group))
    return w.group_countries[w.group_start[group] + (u * w.group_count[group]).astype(np.int64)]


def _choose_buurt(rng, w: _World, wijk: np.ndarray) -> np.ndarray:
    """A buurt of each wijk, by the buurten's sizes."""
    return np.searchsorted(w.buurt_cum, wijk + rng.random(len(wijk)), side="right")


def _p_abroad(w: _World, group: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Probability of being born abroad by herkomst group and age."""
    return np.where(age < 35, w.p_abroad_young[group], w.p_abroad_old[group])


# --------------------------------------------------------------------------------------------
# Address objects and VSLGWBTAB
# --------------------------------------------------------------------------------------------


@dataclass
class _Objects:
    buurt: np.ndarray  # buurt index as of the first year
    build_year: np.ndarray  # first year with a mapping (0: always mapped)
    remap: np.ndarray  # buurt index from remap_year on, or -1
    remap_year: int
    inside: np.ndarray
    start: np.ndarray  # per buurt: first old-stock object
    count: np.ndarray  # per buurt: number of old-stock objects
    new_first: int
    new_key: np.ndarray  # new-build objects sorted by buurt * NEVER + avail
    new_start: np.ndarray  # per buurt: first new-build object (relative to new_first)

    def wijk_in_year(self, w: _World, obj: np.ndarray, year: int | np.ndarray) -> np.ndarray:
        """The wijk index of objects on 1 January of `year` (-1: not in the gemeente or unmapped)."""
        b = self.buurt_in_year(obj, year)
        return np.where(b >= 0, w.buurt_wijk[np.maximum(b, 0)], -1)

    def buurt_in_year(self, obj: np.ndarray, year) -> np.ndarray:
        obj = np.asarray(obj)
        ok = obj >= 0
        o = np.where(ok, obj, 0)
        b = np.where(
            (self.remap[o] >= 0) & (np.asarray(year) >= self.remap_year),
            self.remap[o],
            self.buurt[o],
        )
        return np.where(ok & (self.build_year[o] <= year), b, -1)


def _build_objects(rng, w: _World, baseline_per_buurt: np.ndarray) -> _Objects:
    """Address objects: old stock per buurt (room for the baseline households and for movers),
    new builds in the family wijk, and objects in other gemeenten.

    Layout: inside old stock by buurt, then the new builds (sorted by buurt and availability),
    then the outside objects by buurt, so that a buurt's old stock is a contiguous range."""
    nb_in, nb = w.n_inside_buurt, len(w.buurt_code)
    count = np.empty(nb, dtype=np.int64)
    count[:nb_in] = np.ceil(1.3 * baseline_per_buurt).astype(np.int64) + 10
    count[nb_in:] = int(np.ceil(0.1 * w.n / (nb - nb_in))) + 20
    old_buurt = np.repeat(np.arange(nb), count)
    inside_old = old_buurt < nb_in

    # New builds in the family wijk (Leidsche Rijn): no mapping before their build year; they
    # can be lived in from the second half of the year before, so that some move-ins fall on an
    # address without a mapping in the year of the move (rule 4 places nobody there).
    nbw = np.flatnonzero(w.buurt_wijk[:nb_in] == w.newbuild_wijk)
    n_new = int(np.ceil(0.08 * count[nbw].sum())) if len(w.years) > 1 else 0
    new_b = rng.choice(nbw, size=n_new)
    new_year = rng.choice(np.array(w.years[1:] or [0]), size=n_new)
    new_avail = _jan1(new_year - 1) + 181 + rng.integers(0, 180, n_new)
    order = np.lexsort((new_avail, new_b))
    new_b, new_year, new_avail = new_b[order], new_year[order], new_avail[order]

    buurt = np.concatenate([old_buurt[inside_old], new_b, old_buurt[~inside_old]])
    build_year = np.zeros(len(buurt), dtype=np.int64)
    build_year[inside_old.sum() : inside_old.sum() + n_new] = new_year
    start = np.cumsum(count) - count
    start[nb_in:] += n_new
    objs = _Objects(
        buurt=buurt,
        build_year=build_year,
        remap=np.full(len(buurt), -1, dtype=np.int64),
        remap_year=w.years[len(w.years) // 2] if len(w.years) > 1 else 9999,
        inside=buurt < nb_in,
        start=start,
        count=count,
        new_first=int(inside_old.sum()),
        new_key=new_b * NEVER + new_avail,
        new_start=np.searchsorted(new_b, np.arange(nb)),
    )
    _redivide(rng, w, objs)
    return objs


def _redivide(rng, w: _World, objs: _Objects):
    """A tenth of the objects of two buurten move to a buurt of the next wijk from the middle
    year on (a CBS re-division): their residents change wijk without moving."""
    if w.n_wijk < 2:
        return
    inside = np.flatnonzero(w.buurt_wijk[: w.n_inside_buurt] != w.newbuild_wijk)
    for b in rng.choice(inside, size=min(2, len(inside)), replace=False):
        obj = np.arange(objs.start[b], objs.start[b] + objs.count[b])
        target = np.flatnonzero(
            w.buurt_wijk[: w.n_inside_buurt] == (w.buurt_wijk[b] + 1) % w.n_wijk
        )
        objs.remap[obj[rng.random(len(obj)) < 0.1]] = target[0]


def _pick_inside(
    rng, objs: _Objects, buurt: np.ndarray, day: np.ndarray, p_new: float = 0.4
) -> np.ndarray:
    """A random object in each buurt; in new-build buurten often a new build available by `day`."""
    obj = objs.start[buurt] + (rng.random(len(buurt)) * objs.count[buurt]).astype(np.int64)
    if len(objs.new_key):
        n_avail = (
            np.searchsorted(objs.new_key, buurt * NEVER + day, side="right") - objs.new_start[buurt]
        )
        use = (n_avail > 0) & (rng.random(len(buurt)) < p_new)
        pick = (rng.random(len(buurt)) * np.maximum(n_avail, 1)).astype(np.int64)
        obj = np.where(use, objs.new_first + objs.new_start[buurt] + pick, obj)
    return obj


def _pick_outside(rng, w: _World, objs: _Objects, n: int) -> np.ndarray:
    """Random objects in other gemeenten."""
    b = w.n_inside_buurt + np.searchsorted(w.out_cum, rng.random(n), side="right")
    return objs.start[b] + (rng.random(n) * objs.count[b]).astype(np.int64)


def _pick_wijk(
    rng, w: _World, z: np.ndarray, family: np.ndarray, young: np.ndarray, base: np.ndarray
) -> np.ndarray:
    """Destination wijk of a move: low income draws to the poorer wijken, families to the
    family wijken, the young to the student wijken."""
    logits = (
        np.log(base)[None, :]
        + 0.5 * z[:, None] * w.income[None, :]
        + 0.8 * family[:, None] * w.family_wijk[None, :]
        + 0.8 * young[:, None] * w.student_wijk[None, :]
    )
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    return _categorical(rng, p)


# --------------------------------------------------------------------------------------------
# Cohorts of households: composition, origin, addresses, moves, births, deaths, leaving home
# --------------------------------------------------------------------------------------------


def _draw_households(rng, w: _World, n_persons: float, year: int | None):
    """Households (H) and their members (P) as dicts of arrays with local indices.

    `year` None draws the households living in the gemeente on the first 1 January (ages refer
    to that day); otherwise households moving in during `year` (ages refer to the arrival day)."""
    inmover = year is not None
    pop = w.inflow if inmover else w.pop
    mix = w.mix.copy()
    if inmover:  # more young singles among people moving in
        mix[:, T_SINGLE] *= 1.5
        mix /= mix.sum(axis=1, keepdims=True)
    n_hh = max(1, int(round(n_persons / float(pop @ (mix @ MEAN_SIZE)))))
    wijk = rng.choice(w.n_wijk, size=n_hh, p=pop)
    typ = _categorical(rng, mix[wijk])
    H = dict(
        wijk=wijk,
        typ=typ,
        married=rng.random(n_hh) < 0.55,
        immigrant=inmover & (rng.random(n_hh) < 0.3),
        same_sex=(typ == T_COUPLE) & (rng.random(n_hh) < 0.04),
        ref=_arrival_days(rng, n_hh, year) if inmover else np.full(n_hh, w.t0),
    )
    owner, k = _expand(_household_sizes(rng, typ))
    H["head"] = np.flatnonzero(k == 0)
    H["partner"] = np.where(np.isin(typ, (T_COUPLE, T_FAMILY)), H["head"] + 1, -1)
    role = np.full(len(owner), R_OTHER)
    t = typ[owner]
    role[k == 0] = R_HEAD
    role[(k == 1) & np.isin(t, (T_COUPLE, T_FAMILY))] = R_PARTNER
    role[((t == T_FAMILY) & (k >= 2)) | ((t == T_PARENT) & (k >= 1))] = R_CHILD
    role[t == T_INST] = R_INST
    P = dict(hh=owner, role=role)
    age = _member_ages(rng, w, H, P, inmover)
    P["female"] = _member_sex(rng, H, P, age)
    P["birth"] = H["ref"][owner] - np.round(age * YEAR).astype(np.int64)
    _origins(rng, w, H, P, age)
    head_age = age[H["head"]]
    H["z"] = (
        w.income[wijk]
        + np.select(
            [typ == T_SINGLE, typ == T_COUPLE, typ == T_FAMILY, typ == T_PARENT, typ == T_OTHER],
            [-0.3, 0.5, 0.3, -0.7, -0.6],
            0.0,
        )
        + np.where(head_age < 25, -0.6, np.where(head_age >= 65, -0.1, 0.0))
        + w.g_income[H["g"]]
        + rng.normal(0, 0.85, n_hh)
    )
    return H, P


def _arrival_days(rng, n: int, year: int) -> np.ndarray:
    """Any day of the year, with a few on 1 January and on 31 December."""
    first, next_first = _jan1(year), _jan1(year + 1)
    day = first + (rng.random(n) * (next_first - first)).astype(np.int64)
    s = rng.random(n)
    return np.where(s < 0.02, first, np.where(s < 0.04, next_first - 1, day))


def _household_sizes(rng, typ: np.ndarray) -> np.ndarray:
    n = len(typ)
    n_adult = np.select(
        [typ == T_COUPLE, typ == T_FAMILY, typ == T_OTHER, typ == T_INST],
        [2, 2, 2 + _choice(rng, [0, 1, 2], [0.5, 0.35, 0.15], n), 5 + rng.poisson(18, n)],
        1,
    )
    n_kid = np.select(
        [typ == T_FAMILY, typ == T_PARENT],
        [
            _choice(rng, [1, 2, 3, 4], [0.35, 0.42, 0.17, 0.06], n),
            _choice(rng, [1, 2, 3], [0.55, 0.33, 0.12], n),
        ],
        0,
    )
    return n_adult + n_kid


def _member_ages(rng, w: _World, H: dict, P: dict, inmover: bool) -> np.ndarray:
    """Ages (years, on the household's reference day) by household type and wijk profile."""
    typ, n_hh = H["typ"], len(H["typ"])
    owner, role = P["hh"], P["role"]
    sa = w.single_age[H["wijk"]].copy()
    if inmover:
        sa[:, 0] += 0.2
        sa /= sa.sum(axis=1, keepdims=True)
    comp = _categorical(rng, sa)
    r = rng.random(n_hh)
    single = np.select(
        [comp == 0, comp == 1], [18 + 12 * r, 30 + 35 * r], 65 + 32 * rng.beta(1.3, 2.4, n_hh)
    )
    comp = rng.choice(3, size=n_hh, p=[0.4, 0.35, 0.25])
    r = rng.random(n_hh)
    couple = np.select(
        [comp == 0, comp == 1], [22 + 13 * r, 35 + 30 * r], 65 + 27 * rng.beta(1.3, 2.0, n_hh)
    )
    mother = np.clip(rng.normal(39, 6, n_hh), 23, 55)
    father = mother + np.clip(rng.normal(2.5, 3, n_hh), -4, 7)
    lone_parent = np.clip(rng.normal(40, 7, n_hh), 21, 60)
    r = rng.random(n_hh)
    housemate = np.where(rng.random(n_hh) < 0.85, 18 + 12 * r, 30 + 30 * r)
    head_age = np.select(
        [typ == T_SINGLE, typ == T_COUPLE, typ == T_FAMILY, typ == T_PARENT],
        [single, couple, father, lone_parent],
        housemate,
    )

    age = np.empty(len(owner))
    head = role == R_HEAD
    age[head] = head_age[owner[head]]
    part = role == R_PARTNER
    po = owner[part]
    age[part] = np.where(
        typ[po] == T_FAMILY, mother[po], np.maximum(18, head_age[po] + rng.normal(-1.5, 3, len(po)))
    )
    # Children: parents are 18-50 years older (mother and father both).
    kid = role == R_CHILD
    ko = owner[kid]
    fam = typ[ko] == T_FAMILY
    oldest = np.where(fam, np.maximum(mother[ko], father[ko]), lone_parent[ko])
    youngest = np.where(fam, np.minimum(mother[ko], father[ko]), lone_parent[ko])
    mum = np.where(fam, mother[ko], lone_parent[ko])
    age[kid] = np.clip(
        mum - rng.uniform(20, 40, len(ko)),
        np.maximum(oldest - 49.5, 0.0),
        np.minimum(youngest - 18.5, 24.9),
    )
    oth = role == R_OTHER
    age[oth] = np.maximum(18, head_age[owner[oth]] + rng.uniform(-3, 3, oth.sum()))
    inst = role == R_INST
    ni = int(inst.sum())
    age[inst] = np.where(
        rng.random(ni) < 0.82, 72 + 28 * rng.beta(2.2, 1.6, ni), rng.uniform(20, 65, ni)
    )
    return age


def _member_sex(rng, H: dict, P: dict, age: np.ndarray) -> np.ndarray:
    """Female or not: couples and families are a man and a woman (4% of couples same-sex)."""
    owner, role = P["hh"], P["role"]
    t = H["typ"][owner]
    u = rng.random(len(owner))
    female = np.zeros(len(owner), dtype=bool)
    head = role == R_HEAD
    p_single = np.where(age < 30, 0.5, np.where(age < 65, 0.47, 0.62))
    female[head] = np.select(
        [t[head] == T_SINGLE, t[head] == T_COUPLE, t[head] == T_FAMILY, t[head] == T_PARENT],
        [
            u[head] < p_single[head],
            H["same_sex"][owner[head]] & (u[head] < 0.5),
            False,
            u[head] < 0.82,
        ],
        u[head] < 0.5,
    )
    part = role == R_PARTNER
    female[part] = np.where(H["same_sex"][owner[part]], female[H["head"][owner[part]]], True)
    kid = role == R_CHILD
    female[kid] = u[kid] < 0.488
    oth = role == R_OTHER
    female[oth] = u[oth] < 0.5
    inst = role == R_INST
    female[inst] = u[inst] < np.where(age[inst] > 70, 0.68, 0.45)
    return female


def _origins(rng, w: _World, H: dict, P: dict, age: np.ndarray):
    """Herkomst group and country per household (by wijk; immigrants more often foreign);
    partners, housemates and residents of institutions may differ. Adults are born abroad with
    a probability by group and age; children get their origin from their parents later."""
    owner, role = P["hh"], P["role"]
    n = len(owner)
    herk = w.herk[H["wijk"]].copy()
    imm = H["immigrant"]
    herk[imm] *= np.where(np.arange(len(w.groups)) == w.nl_group, 0.4, 3.0)
    herk /= herk.sum(axis=1, keepdims=True)
    g = _categorical(rng, herk)
    c = _pick_country(rng, w, g)
    H["g"], H["c"] = g, c
    mg, mc = g[owner].copy(), c[owner].copy()
    part = role == R_PARTNER
    own_draw = _categorical(rng, herk[owner])
    nl_home = g[owner] == w.nl_group
    mixed = (part & (rng.random(n) < np.where(nl_home, 0.1, 0.2))) | np.isin(
        role, (R_OTHER, R_INST)
    )
    # A mixed partner of a migrant household is of Nederlandse herkomst; others draw their own.
    mg[mixed] = np.where(part[mixed] & ~nl_home[mixed], w.nl_group, own_draw[mixed])
    redraw = mixed & (mg != g[owner])
    mc[redraw] = _pick_country(rng, w, mg[redraw])
    adult = role != R_CHILD
    p_ab = np.where(imm[owner] & (mg != w.nl_group), 0.95, _p_abroad(w, mg, age))
    abroad = adult & (rng.random(n) < p_ab)
    gen = np.where(abroad, 1, np.where(mg != w.nl_group, 2, 0))
    P["abroad"] = abroad
    P["bcountry"] = np.where(abroad, mc, w.nl)
    P["hcountry"] = np.where(mg == w.nl_group, w.nl, mc)
    P["gen"] = gen
    u = rng.random(n)
    P["n_ab"] = np.where(
        gen == 1, np.where(u < 0.9, 2, 1), np.where(gen == 2, np.where(u < 0.65, 2, 1), 0)
    )
    P["group"] = mg


def _new_persons(n: int, **values) -> dict:
    """Person arrays for `n` new persons; unspecified fields get their neutral value."""
    base = dict(
        hh=np.full(n, -1),
        role=np.full(n, R_CHILD),
        female=np.zeros(n, bool),
        birth=np.zeros(n, np.int64),
        abroad=np.zeros(n, bool),
        bcountry=np.zeros(n, np.int64),
        hcountry=np.zeros(n, np.int64),
        gen=np.zeros(n, np.int64),
        n_ab=np.zeros(n, np.int64),
        group=np.zeros(n, np.int64),
    )
    base.update(values)
    return base


def _append(P: dict, Q: dict) -> dict:
    return {k: np.concatenate([P[k], Q[k]]) for k in P}


def _link_children(rng, w: _World, H: dict, P: dict) -> dict:
    """Legal parents of the children: the household's adults, a parent living in another
    gemeente (one-parent households, a few stepfamilies), unknown, or not linkable ('I'/'S').

    Adds the parents elsewhere as persons (role R_OUTSIDE) and derives the children's origin
    from their parents' countries of birth. Returns the extended person dict."""
    kid = np.flatnonzero(P["role"] == R_CHILD)
    h = P["hh"][kid]
    typ = H["typ"][h]
    head_f = P["female"][H["head"][h]]
    fa = np.where(typ == T_FAMILY, H["head"][h], np.where(head_f, -1, H["head"][h]))
    mo = np.where(typ == T_FAMILY, H["partner"][h], np.where(head_f, H["head"][h], -1))

    u = rng.random(len(H["typ"]))
    need_outside = ((H["typ"] == T_PARENT) & (u < 0.5)) | ((H["typ"] == T_FAMILY) & (u < 0.03))
    unlinkable = (((H["typ"] == T_PARENT) & (u >= 0.88)) | ((H["typ"] == T_FAMILY) & (u >= 0.99)))[
        h
    ]
    unknown_mother = ((H["typ"] == T_FAMILY) & (rng.random(len(H["typ"])) < 0.003))[h]
    P, outside_of = _outside_parents(rng, w, H, P, kid, need_outside)

    o = outside_of[h]
    o_female = (o >= 0) & P["female"][np.maximum(o, 0)]
    fa = np.where((o >= 0) & ~o_female, o, fa)
    mo = np.where(o_female, o, mo)
    fa_state = np.where(fa >= 0, L_LINKED, L_UNKNOWN)
    mo_state = np.where(mo >= 0, L_LINKED, L_UNKNOWN)
    fa_unl = unlinkable & ((fa < 0) | (typ == T_FAMILY))
    fa, fa_state = np.where(fa_unl, -1, fa), np.where(fa_unl, L_UNLINKABLE, fa_state)
    mo_state = np.where(unlinkable & (mo < 0), L_UNLINKABLE, mo_state)
    mo, mo_state = np.where(unknown_mother, -1, mo), np.where(unknown_mother, L_UNKNOWN, mo_state)

    n = len(P["hh"])
    P["fa"], P["mo"] = np.full(n, -1), np.full(n, -1)
    P["fa_state"], P["mo_state"] = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    P["fa"][kid], P["mo"][kid], P["fa_state"][kid], P["mo_state"][kid] = fa, mo, fa_state, mo_state

    # Children born abroad: in immigrant households, and some older children of migrants.
    kid_age = (H["ref"][h] - P["birth"][kid]) / YEAR
    first_gen = P["gen"][H["head"][h]] == 1
    p_abroad = np.where(H["immigrant"][h], 0.8, np.where(first_gen & (kid_age > 12), 0.3, 0.0))
    _derive_child_origin(rng, w, P, kid, H["g"][h], H["c"][h], rng.random(len(kid)) < p_abroad)
    return P


def _outside_parents(rng, w: _World, H: dict, P: dict, kid: np.ndarray, need: np.ndarray):
    """One parent living in another gemeente for each household in `need`: the other sex than
    the resident parent, 18-50 years older than every child, of the household's origin."""
    n_hh = len(H["typ"])
    h = P["hh"][kid]
    age = (H["ref"][h] - P["birth"][kid]) / YEAR
    kmin, kmax = np.full(n_hh, np.inf), np.full(n_hh, -np.inf)
    np.minimum.at(kmin, h, age)
    np.maximum.at(kmax, h, age)
    oh = np.flatnonzero(need & np.isfinite(kmin))
    resident = np.where(H["typ"][oh] == T_FAMILY, H["partner"][oh], H["head"][oh])
    female = ~P["female"][resident]
    o_age = (
        (H["ref"][oh] - P["birth"][resident]) / YEAR
        + np.where(female, -2.0, 2.0)
        + rng.normal(0, 3, len(oh))
    )
    o_age = np.clip(o_age, kmax[oh] + 18.5, kmin[oh] + 49.5)
    g, c = H["g"][oh], H["c"][oh]
    abroad = rng.random(len(oh)) < _p_abroad(w, g, o_age)
    gen = np.where(abroad, 1, np.where(g != w.nl_group, 2, 0))
    Q = _new_persons(
        len(oh),
        role=np.full(len(oh), R_OUTSIDE),
        female=female,
        birth=H["ref"][oh] - np.round(o_age * YEAR).astype(np.int64),
        abroad=abroad,
        bcountry=np.where(abroad, c, w.nl),
        hcountry=np.where(g == w.nl_group, w.nl, c),
        gen=gen,
        n_ab=np.where(gen == 1, 2, np.where(gen == 2, 1, 0)),
        group=g,
    )
    outside_of = np.full(n_hh, -1)
    outside_of[oh] = len(P["hh"]) + np.arange(len(oh))
    return _append(P, Q), outside_of


def _derive_child_origin(
    rng,
    w: _World,
    P: dict,
    kid: np.ndarray,
    g: np.ndarray,
    c: np.ndarray,
    may_be_abroad: np.ndarray,
):
    """GBAGENERATIE, GBAHERKOMSTLAND and GBAAANTALOUDERSBUITENLAND from the parents' countries of
    birth (2022 classification: the mother's country if she was born abroad, else the father's);
    a parent not in the data is imputed from the household's origin."""
    imputed = rng.random((2, len(kid))) < _p_abroad(w, g, np.full(len(kid), 40.0))[None, :]
    out = []
    for j, key in enumerate(("fa", "mo")):
        p = P[key][kid]
        known = p >= 0
        ab = np.where(known, P["abroad"][np.maximum(p, 0)], imputed[j])
        cc = np.where(known, P["bcountry"][np.maximum(p, 0)], c)
        ab &= cc != w.nl
        out.append((ab, cc))
    (fa_ab, fa_c), (mo_ab, mo_c) = out
    n_ab = fa_ab.astype(np.int64) + mo_ab
    her = np.where(mo_ab, mo_c, np.where(fa_ab, fa_c, w.nl))
    abroad = may_be_abroad & (n_ab > 0)
    P["abroad"][kid] = abroad
    P["bcountry"][kid] = np.where(abroad, her, w.nl)
    P["hcountry"][kid] = her
    P["gen"][kid] = np.where(abroad, 1, np.where(n_ab > 0, 2, 0))
    P["n_ab"][kid] = n_ab
    P["group"][kid] = w.country_group[her]


def _place_households(rng, w: _World, objs: _Objects | None, H: dict, P: dict, inmover: bool):
    """First address spell of each household (and a previous one outside for domestic in-movers)."""
    n_hh = len(H["typ"])
    buurt = _choose_buurt(rng, w, H["wijk"])
    H["buurt"] = buurt
    head_age = (H["ref"] - P["birth"][H["head"]]) / YEAR
    if not inmover:
        # Residence duration before the first year, longer for older households.
        mean = np.select([head_age < 25, head_age < 35, head_age < 55], [2.0, 4.0, 9.0], 15.0)
        dur = np.minimum(rng.exponential(mean), np.maximum(head_age - 18, 0.1))
        dur = np.where(H["typ"] == T_INST, rng.uniform(0, 3, n_hh), dur)
        H["s0"] = w.t0 - 1 - np.round(dur * YEAR).astype(np.int64)
        H["prior_start"] = np.full(n_hh, NEVER)
        H["prior_obj"] = np.full(n_hh, -1)
        return
    H["s0"] = H["ref"].copy()
    H["obj0"] = _pick_inside(rng, objs, buurt, H["ref"])
    domestic = ~H["immigrant"]
    H["prior_start"] = np.where(domestic, H["ref"] - rng.integers(180, 4000, n_hh), NEVER)
    H["prior_obj"] = np.where(domestic, _pick_outside(rng, w, objs, n_hh), -1)


def _assign_baseline_objects(objs: _Objects, H: dict):
    """Baseline households get distinct old-stock objects within their buurt."""
    order = np.argsort(H["buurt"], kind="stable")
    b = H["buurt"][order]
    rank = np.arange(len(b)) - np.searchsorted(b, b)
    obj = np.empty(len(b), dtype=np.int64)
    obj[order] = objs.start[b] + rank
    H["obj0"] = obj


def _moves(rng, w: _World, objs: _Objects, H: dict, P: dict):
    """Moves of whole households after their start: within the gemeente, out, or abroad.

    Returns the household address spells (h, start, end, obj) sorted by household and start."""
    n_hh = len(H["typ"])
    start = np.maximum(H["ref"], w.t0)
    head_age = (start - P["birth"][H["head"]]) / YEAR
    rate = np.select(
        [head_age < 25, head_age < 35, head_age < 45, head_age < 65], [0.32, 0.20, 0.11, 0.07], 0.04
    )
    rate = rate * w.move[H["wijk"]] * np.where(H["typ"] == T_INST, 0.0, 1.0)
    span = (w.t1 - start + 1).astype(float)
    n_ev = rng.poisson(rate * span / YEAR)
    h, _ = _expand(n_ev)
    day = start[h] + (rng.random(len(h)) * span[h]).astype(np.int64)
    # Some moves fall exactly on 1 January or 31 December.
    s = rng.random(len(h))
    y = _year_of(day)
    day = np.where(s < 0.015, _jan1(y), np.where(s < 0.03, _jan1(y + 1) - 1, day))
    keep = (day > H["s0"][h]) & (day >= w.t0)  # in-movers move again only after arriving
    h, day = h[keep], day[keep]
    order = np.lexsort((day, h))
    h, day = h[order], day[order]
    young = head_age[h] < 25
    u = rng.random(len(h))
    kind = np.where(
        u < np.where(young, 0.45, 0.62), 0, np.where(u < np.where(young, 0.9, 0.92), 1, 2)
    )
    # Nothing after the first move out of the gemeente (or abroad).
    out = kind > 0
    cum = np.cumsum(out)
    first = _group_first(h)
    base = np.maximum.accumulate(np.where(first, np.arange(len(h)), 0))
    out_before = cum - out - (cum[base] - out[base])
    keep = out_before == 0
    h, day, kind = h[keep], day[keep], kind[keep]

    # Destinations.
    same = rng.random(len(h)) < 0.4
    fam = np.isin(H["typ"][h], (T_FAMILY, T_PARENT))
    dest_w = np.where(same, H["wijk"][h], _pick_wijk(rng, w, H["z"][h], fam, young[keep], w.pop))
    obj = np.where(kind == 0, _pick_inside(rng, objs, _choose_buurt(rng, w, dest_w), day), -1)
    obj = np.where(kind == 1, _pick_outside(rng, w, objs, len(h)), obj)

    H["emig"] = np.full(n_hh, NEVER)
    H["emig"][h[kind == 2]] = day[kind == 2]
    H["out"] = np.full(n_hh, NEVER)
    np.minimum.at(H["out"], h[kind > 0], day[kind > 0])

    # Household address spells: [prior], first spell, one per move; each ends the day before the
    # next starts; the emigration "spell" only closes the previous one.
    pri = np.flatnonzero(H["prior_obj"] >= 0)
    hs = np.concatenate([pri, np.arange(n_hh), h])
    ss = np.concatenate([H["prior_start"][pri], H["s0"], day])
    so = np.concatenate([H["prior_obj"][pri], H["obj0"], obj])
    order = np.lexsort((ss, hs))  # stable: a same-day prior/first/move keeps this order
    hs, ss, so = hs[order], ss[order], so[order]
    last = np.ones(len(hs), dtype=bool)
    last[:-1] = hs[1:] != hs[:-1]
    se = np.where(last, OPEN, np.roll(ss, -1) - 1)
    keep = (so >= 0) & (se >= ss)
    return dict(h=hs[keep], start=ss[keep], end=se[keep], obj=so[keep])


def _deaths(rng, w: _World, H: dict, P: dict, since: np.ndarray):
    """Death day of every person (NEVER when alive at the end of the last year)."""
    age = (since - P["birth"]) / YEAR
    hazard = np.exp(-10.3 + 0.094 * np.maximum(age, 0)) * np.where(P["role"] == R_INST, 2.0, 1.0)
    t = since + np.round(rng.exponential(1.0 / hazard) * YEAR).astype(np.int64)
    return np.where(t <= w.t1, np.maximum(t, since), NEVER)


def _births(rng, w: _World, H: dict, P: dict) -> dict:
    """Children born into couples during the years; the first birth turns a couple into a family."""
    n0 = len(P["hh"])
    cand = np.flatnonzero(np.isin(H["typ"], (T_COUPLE, T_FAMILY)) & ~H["same_sex"])
    mother = H["partner"][cand]
    father = H["head"][cand]
    lo = np.maximum(H["ref"][cand], w.t0)
    hi = np.minimum.reduce([np.full(len(cand), w.t1), H["emig"][cand] - 1, P["death"][mother]])
    mid_age = ((lo + hi) / 2 - P["birth"][mother]) / YEAR
    rate = 0.13 * np.exp(-(((mid_age - 32) / 6) ** 2))
    n_b = np.minimum(rng.poisson(rate * np.maximum(hi - lo, 0) / YEAR), 2)
    i, _ = _expand(n_b)
    day = lo[i] + (rng.random(len(i)) * (hi[i] - lo[i] + 1)).astype(np.int64)
    ma = (day - P["birth"][mother[i]]) / YEAR
    fa_age = (day - P["birth"][father[i]]) / YEAR
    ok = (ma >= 18) & (ma < 50) & (fa_age >= 18) & (fa_age < 50)
    i, day = i[ok], day[ok]
    h = cand[i]
    Q = _new_persons(len(h), hh=h, female=rng.random(len(h)) < 0.488, birth=day)
    Q["death"] = np.full(len(h), NEVER)
    Q["fa"], Q["mo"] = H["head"][h], H["partner"][h]
    Q["fa_state"] = np.full(len(h), L_LINKED)
    Q["mo_state"] = np.full(len(h), L_LINKED)
    P = _append(P, Q)
    _derive_child_origin(
        rng, w, P, n0 + np.arange(len(h)), H["g"][h], H["c"][h], np.zeros(len(h), bool)
    )
    H["first_birth"] = np.full(len(H["typ"]), NEVER)
    np.minimum.at(H["first_birth"], h, day)
    return P


def _leaving_home(rng, w: _World, objs: _Objects, H: dict, P: dict):
    """Adult children leave the parental home for a place of their own (in or outside the gemeente)."""
    kid = np.flatnonzero(P["role"] == R_CHILD)
    h = P["hh"][kid]
    b18 = P["birth"][kid] + np.round(18 * YEAR).astype(np.int64)
    t0 = np.maximum(np.maximum(H["ref"][h], w.t0), b18)
    leave = t0 + np.round(rng.exponential(1 / 0.18, len(kid)) * YEAR).astype(np.int64)
    ok = (leave <= w.t1) & (leave < H["out"][h]) & (leave < P["death"][kid])
    kid, leave = kid[ok], leave[ok]
    P["leave"] = np.full(len(P["hh"]), NEVER)
    P["leave"][kid] = leave
    inside = rng.random(len(kid)) < 0.65
    z = -0.5 + rng.normal(0, 0.8, len(kid))
    wijk = _pick_wijk(rng, w, z, np.zeros(len(kid), bool), np.ones(len(kid), bool), w.pop)
    obj = np.where(
        inside,
        _pick_inside(rng, objs, _choose_buurt(rng, w, wijk), leave),
        _pick_outside(rng, w, objs, len(kid)),
    )
    return dict(pid=kid, start=leave, obj=obj, wijk=np.where(inside, wijk, -1), z=z)


def _cohort_dynamics(rng, w: _World, objs: _Objects, H: dict, P: dict) -> dict:
    """Moves, deaths, births and leaving home of one cohort of households.

    Returns dict with P (persons), H (households incl. own households of leavers and parents
    elsewhere), S (person address spells) and HS (household spells), all with local indices."""
    hsp = _moves(rng, w, objs, H, P)
    since = np.where(P["hh"] >= 0, np.maximum(H["ref"][np.maximum(P["hh"], 0)], w.t0), w.t0)
    P["death"] = _deaths(rng, w, H, P, since)
    P = _births(rng, w, H, P)
    lv = _leaving_home(rng, w, objs, H, P)
    S, HS, H = _person_spells(rng, w, objs, H, P, hsp, lv)
    return dict(P=P, H=H, S=S, HS=HS)


def _inmover_cohort(rng, w: _World, objs: _Objects, n_persons: float, year: int) -> dict:
    H, P = _draw_households(rng, w, n_persons, year)
    P = _link_children(rng, w, H, P)
    _place_households(rng, w, objs, H, P, inmover=True)
    return _cohort_dynamics(rng, w, objs, H, P)


def _person_spells(rng, w: _World, objs: _Objects, H: dict, P: dict, hsp: dict, lv: dict):
    """Address spells (S) and household spells (HS) of every person of a cohort; returns the
    households extended with the own households of leavers and of parents elsewhere."""
    members = np.flatnonzero(P["hh"] >= 0)
    o_pid = np.flatnonzero(P["role"] == R_OUTSIDE)
    o_start = np.maximum(
        P["birth"][o_pid] + np.round(18 * YEAR).astype(np.int64),
        w.t0 - rng.integers(0, 15 * 365, len(o_pid)),
    )
    o_obj = _pick_outside(rng, w, objs, len(o_pid))
    S = _address_spells(P, hsp, len(H["typ"]), members, lv, o_pid, o_start, o_obj)
    z_outside = rng.normal(-0.1, 0.9, len(o_pid))
    H = _own_households(w, H, P, hsp, lv, o_pid, o_start, z_outside)
    HS = _household_spells(H, P, members)
    return S, HS, H


def _address_spells(P, hsp, n_hh, members, lv, o_pid, o_start, o_obj) -> dict:
    """Members follow their household's address spells between birth and death or leaving home;
    leavers and parents elsewhere have one spell of their own."""
    birth, death, leave = P["birth"], P["death"], P["leave"]
    counts = np.bincount(hsp["h"], minlength=n_hh)
    first = np.cumsum(counts) - counts
    owner, within = _expand(counts[P["hh"][members]])
    pid = members[owner]
    si = first[P["hh"][pid]] + within
    pid = np.concatenate([pid, lv["pid"], o_pid])
    start = np.concatenate(
        [np.maximum(hsp["start"][si], birth[pid[: len(si)]]), lv["start"], o_start]
    )
    end = np.concatenate(
        [
            np.minimum.reduce([hsp["end"][si], death[pid[: len(si)]], leave[pid[: len(si)]] - 1]),
            np.minimum(death[lv["pid"]], OPEN),
            np.minimum(death[o_pid], OPEN),
        ]
    )
    obj = np.concatenate([hsp["obj"][si], lv["obj"], o_obj])
    keep = start <= end
    order = np.lexsort((start[keep], pid[keep]))
    return dict(
        pid=pid[keep][order], start=start[keep][order], end=end[keep][order], obj=obj[keep][order]
    )


def _own_households(w: _World, H, P, hsp, lv, o_pid, o_start, z_outside) -> dict:
    """Append one-person households for leavers and parents elsewhere; set P['own_hh']."""
    n_hh0 = len(H["typ"])
    new_head = np.concatenate([lv["pid"], o_pid])
    n_new = len(new_head)
    own = np.full(len(P["hh"]), -1)
    own[new_head] = n_hh0 + np.arange(n_new)
    P["own_hh"] = own
    P["hh"] = np.where(P["role"] == R_OUTSIDE, own, P["hh"])
    ext = dict(
        wijk=np.concatenate([lv["wijk"], np.full(len(o_pid), -1)]),
        typ=np.full(n_new, T_SINGLE),
        married=np.zeros(n_new, bool),
        immigrant=np.zeros(n_new, bool),
        g=P["group"][new_head],
        c=P["hcountry"][new_head],
        z=np.concatenate([lv["z"], z_outside]),
        ref=np.full(n_new, w.t0),
        head=new_head,
        partner=np.full(n_new, -1),
        same_sex=np.zeros(n_new, bool),
        s0=np.concatenate([lv["start"], o_start]),
        first_birth=np.full(n_new, NEVER),
        emig=np.full(n_new, NEVER),
        out=np.full(n_new, NEVER),
    )
    out = {k: np.concatenate([H[k], ext[k]]) for k in ext}
    # A household is formed on the start of its first address spell.
    formed = np.full(n_hh0, NEVER)
    np.minimum.at(formed, hsp["h"], hsp["start"])
    out["formed"] = np.concatenate([np.where(formed < NEVER, formed, H["s0"]), ext["s0"]])
    return out


def _household_spells(H, P, members) -> dict:
    """Membership of the first household (split at a couple's first birth, which makes it a
    family), ending at death, leaving home or emigration; then the own household, if any."""
    birth, death, leave = P["birth"], P["death"], P["leave"]
    pid = members
    h = P["hh"][pid]
    a = np.maximum(H["formed"][h], birth[pid])
    b = np.minimum.reduce([death[pid], leave[pid] - 1, H["emig"][h] - 1, np.full(len(pid), OPEN)])
    fb = H["first_birth"][h]
    couple = H["typ"][h] == T_COUPLE
    split = couple & (fb > a) & (fb <= b)
    typ = np.where(couple & (fb <= a), T_FAMILY, H["typ"][h])
    own = np.flatnonzero(P["own_hh"] >= 0)
    oh = P["own_hh"][own]
    hs = dict(
        pid=np.concatenate([pid, pid[split], own]),
        hh=np.concatenate([h, h[split], oh]),
        start=np.concatenate([a, fb[split], H["s0"][oh]]),
        end=np.concatenate([np.where(split, fb - 1, b), b[split], np.minimum(death[own], OPEN)]),
        typ=np.concatenate([typ, np.full(split.sum(), T_FAMILY), np.full(len(own), T_SINGLE)]),
    )
    keep = hs["start"] <= hs["end"]
    return {k: v[keep] for k, v in hs.items()}


# --------------------------------------------------------------------------------------------
# The whole population
# --------------------------------------------------------------------------------------------


@dataclass
class _Population:
    P: dict  # persons (global index = pid)
    H: dict  # households
    S: dict  # address spells, sorted by pid and start
    HS: dict  # household spells
    objs: _Objects
    rin: np.ndarray  # RINPERSOON per pid
    spare: np.ndarray  # further unique numbers for keys that are not 'R'
    used: int = 0

    def take_spare(self, n: int) -> np.ndarray:
        """Fresh RINPERSOON numbers for unlinkable keys (never a person's own number)."""
        out = self.spare[self.used : self.used + n]
        if len(out) < n:
            raise RuntimeError("ran out of spare person numbers")
        self.used += n
        return out


def _residents_on(S: dict, objs: _Objects, day) -> int:
    return int(((S["start"] <= day) & (S["end"] >= day) & objs.inside[S["obj"]]).sum())


def _merge(cohorts: list[dict]) -> tuple[dict, dict, dict, dict]:
    """Concatenate cohorts, shifting person and household indices; spells sorted by person."""
    parts = {"P": [], "H": [], "S": [], "HS": []}
    p_off = h_off = 0
    for i, c in enumerate(cohorts):
        p, h = dict(c["P"]), dict(c["H"])
        for k in ("fa", "mo", "own_hh"):
            p[k] = np.where(p[k] >= 0, p[k] + (h_off if k == "own_hh" else p_off), -1)
        p["hh"] = p["hh"] + h_off
        p["cohort"] = np.full(len(p["hh"]), i)
        h["head"] = h["head"] + p_off
        h["partner"] = np.where(h["partner"] >= 0, h["partner"] + p_off, -1)
        parts["P"].append(p)
        parts["H"].append(h)
        parts["S"].append(dict(c["S"], pid=c["S"]["pid"] + p_off))
        parts["HS"].append(dict(c["HS"], pid=c["HS"]["pid"] + p_off, hh=c["HS"]["hh"] + h_off))
        p_off += len(p["hh"])
        h_off += len(h["typ"])
    out = {
        name: {k: np.concatenate([d[k] for d in ds]) for k in ds[0]} for name, ds in parts.items()
    }
    for name in ("S", "HS"):
        order = np.lexsort((out[name]["start"], out[name]["pid"]))
        out[name] = {k: v[order] for k, v in out[name].items()}
    return out["P"], out["H"], out["S"], out["HS"]


def _simulate_population(w: _World) -> _Population:
    """Baseline households, then each year the in-movers needed to keep the population stable."""
    rng = _rng(w.seed, "baseline")
    H, P = _draw_households(rng, w, w.n, None)
    P = _link_children(rng, w, H, P)
    _place_households(rng, w, None, H, P, inmover=False)
    objs = _build_objects(
        _rng(w.seed, "objects"), w, np.bincount(H["buurt"], minlength=w.n_inside_buurt)
    )
    _assign_baseline_objects(objs, H)
    cohorts = [_cohort_dynamics(rng, w, objs, H, P)]
    for y in w.years:
        # In-movers of year y fill the gap left on 1 January of y+1 (some leave again first).
        resident = sum(_residents_on(c["S"], objs, _jan1(y + 1)) for c in cohorts)
        n_in = max((w.n - resident) / 0.95, 0.03 * w.n)
        cohorts.append(_inmover_cohort(_rng(w.seed, "inmovers", y), w, objs, n_in, y))
    P, H, S, HS = _merge(cohorts)

    rng = _rng(w.seed, "keys")
    n_p = len(P["hh"])
    numbers = rng.choice(10**9, size=n_p + max(2000, n_p // 5), replace=False)
    rin = np.strings.zfill(numbers.astype("U9"), 9)
    pop = _Population(P=P, H=H, S=S, HS=HS, objs=objs, rin=rin[:n_p], spare=rin[n_p:])
    _adult_parent_links(_rng(w.seed, "adult-links"), w, pop)
    _quality_flags(_rng(w.seed, "quality"), pop)
    return pop


def _adult_parent_links(rng, w: _World, pop: _Population):
    """Parent links of adults born in the Netherlands, to older persons of the right country of
    birth (so that GBAGENERATIE and GBAHERKOMSTLAND stay consistent with the linked parents)."""
    P = pop.P
    n = len(P["hh"])
    age = _age(P["birth"], w.t0)
    nc = len(w.country_code)
    by = _year_of(P["birth"])
    eligible = (
        np.isin(P["role"], (R_HEAD, R_PARTNER, R_OTHER))
        & (P["gen"] != 1)
        & (P["fa_state"] == L_UNKNOWN)
        & (P["mo_state"] == L_UNKNOWN)
    )
    p_link = np.where(age < 40, 0.5, np.where(age < 65, 0.3, 0.05))
    kids = np.flatnonzero(eligible & (rng.random(n) < p_link))
    pool = np.flatnonzero(np.isin(P["role"], (R_HEAD, R_PARTNER, R_OTHER, R_INST, R_OUTSIDE)))
    pool_key = (P["female"][pool] * nc + P["bcountry"][pool]) * 10_000 + by[pool]
    order = np.argsort(pool_key, kind="stable")
    pool, pool_key = pool[order], pool_key[order]
    gen2 = P["gen"][kids] == 2
    for key, female, oldest in (("mo", 1, 45), ("fa", 0, 50)):
        if key == "mo":
            country = np.where(gen2, P["hcountry"][kids], w.nl)
        else:
            country = np.where(gen2 & (P["n_ab"][kids] == 2), P["hcountry"][kids], w.nl)
        base = (female * nc + country) * 10_000
        lo = np.searchsorted(pool_key, base + by[kids] - oldest, side="left")
        hi = np.searchsorted(pool_key, base + by[kids] - 20, side="right")
        pick = pool[lo + (rng.random(len(kids)) * np.maximum(hi - lo, 1)).astype(np.int64)]
        found = (hi > lo) & (P["hh"][pick] != P["hh"][kids])  # not a partner or housemate
        P[key][kids[found]] = pick[found]
        P[key + "_state"][kids[found]] = L_LINKED


def _quality_flags(rng, pop: _Population):
    """Data-quality edge cases: persons missing from GBAPERSOONTAB, unknown sex or generation."""
    n = len(pop.P["hh"])
    pop.P["in_gba"] = rng.random(n) >= 0.003
    pop.P["sex_unknown"] = rng.random(n) < 0.001
    pop.P["gen_unknown"] = rng.random(n) < 0.002


# --------------------------------------------------------------------------------------------
# Latent traits and the yearly health states
# --------------------------------------------------------------------------------------------


@dataclass
class _Traits:
    D: np.ndarray  # psychological distress (persistent)
    A: np.ndarray  # addiction propensity
    L: np.ndarray  # loneliness
    health: np.ndarray  # poor general health
    z: np.ndarray  # income latent of the person's first household
    access: np.ndarray  # log-odds shift of registered GGZ care at equal distress
    gap: np.ndarray  # herkomst group with more distress and less care
    present: np.ndarray  # (n, n_years): in the Netherlands (an address spell) in the year
    age: np.ndarray  # (n, n_years): age on 1 January
    Dt: np.ndarray  # (n, n_years): distress in the year
    ggz: np.ndarray  # (n, n_years) GGZ care
    psych: np.ndarray  # (n, n_years) psychofarmaca
    addict: np.ndarray  # (n, n_years) addiction care
    spec: np.ndarray  # (n, n_years) specialist GGZ (a DBC trajectory)


def _traits(w: _World, pop: _Population) -> _Traits:
    """Persistent latent traits per person and the yearly care states they drive (calibrated to
    about 8.5% GGZ care, 12% psychofarmaca and 1% addiction care among adults)."""
    rng = _rng(w.seed, "traits")
    P, H = pop.P, pop.H
    n = len(P["hh"])
    hh = P["hh"]
    wijk = H["wijk"][hh]
    age = _age(P["birth"], _jan1(w.years[len(w.years) // 2]))
    female = P["female"]
    group = w.country_group[P["hcountry"]]
    gap = w.gap[group]
    single = np.isin(H["typ"][hh], (T_SINGLE, T_INST))
    lone_parent = (H["typ"][hh] == T_PARENT) & (P["role"] == R_HEAD)
    shared = rng.normal(0, 1, len(H["typ"]))  # a household component shared by parents and children
    z = H["z"][hh]
    D = (
        0.45 * shared[hh]
        + 0.75 * rng.normal(0, 1, n)
        + np.where(wijk >= 0, w.distress[np.maximum(wijk, 0)], 0.0)
        - 0.3 * z
        + 0.15 * female
        + np.select([age < 30, age < 45, age < 65, age < 75], [0.15, 0.0, 0.05, -0.1], 0.0)
        + w.g_distress[group]
        + 0.25 * lone_parent
        + 0.1 * single
        + 0.2 * (P["role"] == R_OUTSIDE)
    )
    A = rng.normal(0, 1, n)
    L = (
        0.4 * D
        + 0.5 * single
        + 0.35 * (age >= 75)
        + 0.2 * (age < 25)
        + 0.2 * gap
        + rng.normal(0, 0.9, n)
    )
    health = 0.025 * (age - 45) + 0.35 * D - 0.2 * z + rng.normal(0, 0.8, n)
    access = w.g_access[group]

    # In the Netherlands in a year: an address spell overlapping the year.
    first = np.full(n, NEVER)
    last = np.full(n, -NEVER)
    np.minimum.at(first, pop.S["pid"], pop.S["start"])
    np.maximum.at(last, pop.S["pid"], pop.S["end"])
    jan1 = w.jan1s
    dec31 = _jan1(np.array(w.years) + 1) - 1
    present = (first[:, None] <= dec31[None, :]) & (last[:, None] >= jan1[None, :])
    age_t = ((jan1[None, :] - P["birth"][:, None]) / YEAR).astype(np.float32)
    ny = len(w.years)
    Dt = 0.85 * D[:, None] + 0.5 * rng.normal(0, 1, (n, ny))
    adult = present & (age_t >= 18)
    child = present & (age_t >= 0) & (age_t < 18)

    score = 1.6 * Dt + access[:, None]
    ggz = rng.random((n, ny)) < expit(score + _calibrate(score[adult], 0.085))
    ggz &= adult
    ggz |= child & (rng.random((n, ny)) < 0.004)

    score = (
        0.6 * D[:, None]
        + 1.5 * A[:, None]
        + 0.5 * (~female)[:, None]
        + 0.2 * ((age_t >= 25) & (age_t < 55))
    )
    addict = adult & (rng.random((n, ny)) < expit(score + _calibrate(score[adult], 0.010)))
    ggz |= addict & (rng.random((n, ny)) < 0.85)  # addiction care is mostly specialist GGZ

    score = (
        1.3 * Dt + 0.9 * ggz + 0.4 * (age_t >= 65) + 0.25 * female[:, None] + 0.5 * access[:, None]
    )
    psych = adult & (rng.random((n, ny)) < expit(score + _calibrate(score[adult], 0.12)))
    psych |= child & (age_t >= 6) & (rng.random((n, ny)) < expit(Dt - 4.2))

    # Specialist GGZ (a DBC trajectory): addiction, and part of the other GGZ care.
    spec = addict | (ggz & (rng.random((n, ny)) < 0.45))
    return _Traits(
        D=D,
        A=A,
        L=L,
        health=health,
        z=z,
        access=access,
        gap=gap,
        present=present,
        age=age_t,
        Dt=Dt,
        ggz=ggz,
        psych=psych,
        addict=addict,
        spec=spec,
    )


# --------------------------------------------------------------------------------------------
# Tables: persons, parents, addresses, households
# --------------------------------------------------------------------------------------------


def _R(n: int) -> np.ndarray:
    return np.full(n, "R", dtype="U1")


def _some(rng, n: int, share: float, minimum: int) -> np.ndarray:
    """A mask of round(share * n) random rows, but at least `minimum` (edge cases must occur
    in small worlds too)."""
    k = min(n, max(minimum, int(round(share * n))))
    mask = np.zeros(n, dtype=bool)
    mask[rng.choice(n, size=k, replace=False)] = True
    return mask


def _person_keys(rng, pop: _Population, pid: np.ndarray, share: float, code: str):
    """RINPERSOONS/RINPERSOON of registrations: 'R' and the person's number, except for a share
    of rows (at least two) that cannot be linked: another RINPERSOONS and a foreign number."""
    rins, rin = _R(len(pid)), pop.rin[pid]
    unl = np.flatnonzero(_some(rng, len(pid), share, 2))
    rins[unl] = code
    rin[unl] = pop.take_spare(len(unl))
    return rins, rin


def _t_persons(w: _World, pop: _Population) -> pd.DataFrame:
    """GBAPERSOONTAB: everyone in the world except the ~0.3% missing from it."""
    P = pop.P
    keep = np.flatnonzero(P["in_gba"])
    d = P["birth"][keep].astype("datetime64[D]")
    sex = np.where(P["female"][keep], "2", "1").astype("U1")
    sex[P["sex_unknown"][keep]] = "-"
    gen = P["gen"][keep].astype("U1")
    n_ab = P["n_ab"][keep].astype("U1")
    unk = P["gen_unknown"][keep]
    gen[unk] = "-"
    n_ab[unk & (np.arange(len(keep)) % 2 == 0)] = ""
    return _frame(
        {
            "RINPERSOONS": _R(len(keep)),
            "RINPERSOON": pop.rin[keep],
            "GBAGESLACHT": sex,
            "GBAGEBOORTEJAAR": (d.astype("datetime64[Y]").astype(np.int64) + 1970).astype("U4"),
            "GBAGEBOORTEMAAND": np.strings.zfill(
                (d.astype("datetime64[M]").astype(np.int64) % 12 + 1).astype("U2"), 2
            ),
            "GBAGEBOORTELAND": w.country_code[P["bcountry"][keep]],
            "GBAGENERATIE": gen,
            "GBAHERKOMSTLAND": w.country_code[P["hcountry"][keep]],
            "GBAAANTALOUDERSBUITENLAND": n_ab,
        }
    )


def _parent_keys(
    rng, pop: _Population, pid: np.ndarray, state: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """RINPERSOONS/RINPERSOON of parents: linked, unknown (empty) or unlinkable ('I'/'S')."""
    n = len(pid)
    s = np.full(n, "", dtype="U1")
    r = np.full(n, "", dtype="U9")
    linked = state == L_LINKED
    s[linked] = "R"
    r[linked] = pop.rin[pid[linked]]
    unl = np.flatnonzero(state == L_UNLINKABLE)
    s[unl] = np.where(rng.random(len(unl)) < 0.7, "I", "S")
    r[unl] = pop.take_spare(len(unl))
    return s, r


def _t_kindouder(w: _World, pop: _Population) -> pd.DataFrame:
    """One row per person with a parent link, and per child (even with both parents unknown);
    half of the children born abroad have no row at all."""
    rng = _rng(w.seed, "kindouder")
    P = pop.P
    n = len(P["hh"])
    child = P["role"] == R_CHILD
    has_link = (P["fa_state"] != L_UNKNOWN) | (P["mo_state"] != L_UNKNOWN)
    rows = np.flatnonzero((child | has_link) & ~(child & P["abroad"] & (rng.random(n) < 0.5)))
    fs, fr = _parent_keys(rng, pop, P["fa"][rows], P["fa_state"][rows])
    ms, mr = _parent_keys(rng, pop, P["mo"][rows], P["mo_state"][rows])
    return _frame(
        {
            "RINPERSOONS": _R(len(rows)),
            "RINPERSOON": pop.rin[rows],
            "RINPERSOONSpa": fs,
            "RINPERSOONpa": fr,
            "RINPERSOONSMa": ms,
            "RINPERSOONMa": mr,
        }
    )


def _object_keys(w: _World, pop: _Population) -> tuple[np.ndarray, np.ndarray]:
    rng = _rng(w.seed, "object-keys")
    n = len(pop.objs.buurt)
    rin = np.strings.zfill(rng.choice(10**12, size=n, replace=False).astype("U12"), 12)
    soort = np.where(rng.random(n) < 0.985, "B", "I").astype("U1")
    return soort, rin


def _end_dates(rng, end: np.ndarray, p_empty: float = 0.03) -> np.ndarray:
    """End days as strings: running spells mostly '20501231', a few empty (also 'running')."""
    out = _ymd(np.minimum(end, OPEN))
    running = end >= OPEN
    out[running & (rng.random(len(end)) < p_empty)] = ""
    return out


def _t_addresses(w: _World, pop: _Population, soort, orin) -> pd.DataFrame:
    """GBAADRESOBJECTBUS: the address spells, by person and start."""
    rng = _rng(w.seed, "address-table")
    S = pop.S
    return _frame(
        {
            "RINPERSOONS": _R(len(S["pid"])),
            "RINPERSOON": pop.rin[S["pid"]],
            "GBADATUMAANVANGADRESHOUDING": _ymd(S["start"]),
            "GBADATUMEINDEADRESHOUDING": _end_dates(rng, S["end"]),
            "SOORTOBJECTNUMMER": soort[S["obj"]],
            "RINOBJECTNUMMER": orin[S["obj"]],
        }
    )


def _t_vslgwb(w: _World, pop: _Population, soort, orin) -> pd.DataFrame:
    """VSLGWBTAB: every object's gemeente/wijk/buurt on 1 January of each year ('' before a new
    build exists)."""
    objs = pop.objs
    obj = np.arange(len(objs.buurt))
    cols = {"SOORTOBJECTNUMMER": soort, "RINOBJECTNUMMER": orin}
    for y in w.years:
        b = objs.buurt_in_year(obj, y)
        ok = b >= 0
        bb = np.maximum(b, 0)
        cols[f"gem{y}"] = np.where(ok, w.buurt_gem[bb], "").astype("U4")
        cols[f"wc{y}"] = np.where(ok, w.buurt_wc[bb], "").astype("U6")
        cols[f"bc{y}"] = np.where(ok, w.buurt_code[bb], "").astype("U8")
    return _frame(cols)


_TYPHH = {
    T_SINGLE: ("1", "1"),
    T_COUPLE: ("2", "3"),
    T_FAMILY: ("4", "5"),
    T_PARENT: ("6", "6"),
    T_OTHER: ("7", "7"),
    T_INST: ("8", "8"),
}
_PLHH = {
    T_SINGLE: ("2", "2"),
    T_COUPLE: ("3", "4"),
    T_FAMILY: ("5", "6"),
    T_PARENT: ("7", "7"),
    T_OTHER: ("8", "8"),
    T_INST: ("8", "8"),
}


def _t_households(w: _World, pop: _Population) -> pd.DataFrame:
    """GBAHUISHOUDENSBUS: household spells with household type and position."""
    rng = _rng(w.seed, "household-table")
    HS, P, H = pop.HS, pop.P, pop.H
    n_hh = len(H["typ"])
    hhnr = np.strings.zfill(rng.choice(10**10, size=n_hh, replace=False).astype("U10"), 10)
    married = H["married"][HS["hh"]]
    typ = HS["typ"]
    typhh = np.full(len(typ), "7", dtype="U1")
    plhh = np.full(len(typ), "8", dtype="U1")
    for t, (unmarried, wed) in _TYPHH.items():
        m = typ == t
        typhh[m] = np.where(married[m], wed, unmarried)
        pu, pw = _PLHH[t]
        plhh[m] = np.where(married[m], pw, pu)
    own = HS["hh"] == P["own_hh"][HS["pid"]]
    plhh[(P["role"][HS["pid"]] == R_CHILD) & ~own] = "1"
    return _frame(
        {
            "RINPERSOONS": _R(len(typ)),
            "RINPERSOON": pop.rin[HS["pid"]],
            "HUISHOUDNR": hhnr[HS["hh"]],
            "DATUMAANVANGHH": _ymd(HS["start"]),
            "DATUMEINDEHH": _end_dates(rng, HS["end"], 0.02),
            "TYPHH": typhh,
            "PLHH": plhh,
        }
    )


# --------------------------------------------------------------------------------------------
# Tables: yearly health care (ZVW costs, medication, specialist GGZ)
# --------------------------------------------------------------------------------------------


def _age_band(age: np.ndarray) -> np.ndarray:
    """0-17, 18-44, 45-64, 65-74, 75+ as 0..4 (the medication prevalence bands)."""
    return np.searchsorted(np.array([18, 45, 65, 75]), age, side="right")


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
    psy_codes = [c for c, _ in _PSY_ADULT]
    n_psy = len(psy_codes)
    persistent = rng.random((n, n_psy))
    for j in range(ny):
        pids = np.flatnonzero(tr.psych[:, j])
        age = tr.age[pids, j]
        adult = age >= 18
        chosen = np.zeros((len(pids), n_psy), dtype=bool)
        for k, (code, p) in enumerate(_PSY_ADULT):
            pk = np.full(len(pids), p)
            if code == "N05C":
                pk = np.where(age >= 65, 2 * p, p)
            if code == "N06B":
                pk = np.where(age < 30, 2 * p, p)
            chosen[:, k] = adult & (persistent[pids, k] < pk)
        for code, p in _PSY_CHILD:
            k = psy_codes.index(code)
            chosen[:, k] |= ~adult & (persistent[pids, k] < p)
        # Everyone with psychofarmaca gets at least one: N06A for adults, N06B for children.
        none = ~chosen.any(axis=1)
        chosen[none, np.where(adult[none], psy_codes.index("N06A"), psy_codes.index("N06B"))] = True
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


def _t_zvw(w: _World, pop: _Population, tr: _Traits, n_codes: np.ndarray) -> dict:
    """ZVWZORGKOSTENTAB per year: everyone in the Netherlands that year, plus a few insured
    persons that cannot be linked."""
    tables = {}
    for j, y in enumerate(w.years):
        rng = _rng(w.seed, "zvw", y)
        pids = np.flatnonzero(tr.present[:, j])
        n = len(pids)
        age = np.maximum(tr.age[pids, j], 0)
        gp = np.where(rng.random(n) < 0.88, np.round(rng.gamma(2.0, 60 + 2.5 * age), 2), 0.0)
        k = n_codes[pids, j]
        pharmacy = np.where(k > 0, np.round(k * rng.gamma(2.0, 90, n), 2), 0.0)
        gp[rng.random(n) < 0.005] = np.nan
        pharmacy[rng.random(n) < 0.005] = np.nan
        cols = {
            "RINPERSOONS": _R(n),
            "RINPERSOON": pop.rin[pids],
            "ZVWKHUISARTS": gp,
            "ZVWKFARMACIE": pharmacy,
        }
        cols.update(_ggz_costs(rng, tr.ggz[pids, j], tr.spec[pids, j] & tr.ggz[pids, j], y))
        m = max(2, n // 20_000)
        extra = {"RINPERSOONS": np.full(m, "S", dtype="U1"), "RINPERSOON": pop.take_spare(m)}
        for c in cols:
            extra.setdefault(c, np.round(rng.uniform(0, 300, m), 2))
        tables[f"ZVWZORGKOSTENTAB{y}"] = _frame(
            {c: np.concatenate([cols[c], extra[c]]) for c in cols}
        )
    return tables


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
        addict = tr.addict[pids, j]
        age = tr.age[pids, j]
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
        begin = _jan1(y) + rng.integers(0, 365, n)
        end = begin + rng.integers(20, 366, n)
        end = np.where(end > w.t1, OPEN, end)
        tables[f"GGZDBCTRAJECTENHOOFDDIAGTAB{y}"] = _frame(
            {
                "RINPERSOONS": _R(n),
                "RINPERSOON": pop.rin[pids],
                "GGZDBCtrajectnummer": numbers[used : used + n],
                "GGZDBCBegindatum": _ymd(begin),
                "GGZDBCEinddatum": _end_dates(rng, end, 0.1),
                "GGZDBCHoofddiagnoseDSMIV": diag.astype("U12"),
                "GGZDBCCircuitHOOFDDIAG": circuit,
            }
        )
        used += n
    return tables


# --------------------------------------------------------------------------------------------
# Tables: income
# --------------------------------------------------------------------------------------------


def _t_income(w: _World, pop: _Population, tr: _Traits) -> dict:
    """KOPPELPERSOONHUISHOUDEN (person -> income household key, usually the household's
    reference person) and INHATAB (income and national percentile) per year."""
    P, H = pop.P, pop.H
    n = len(P["hh"])
    tables = {}
    no_link = _rng(w.seed, "income-nolink").random(n) < 0.01
    for j, y in enumerate(w.years):
        rng = _rng(w.seed, "income", y)
        ref = _jan1(y)
        own = (P["own_hh"] >= 0) & (P["leave"] <= ref)
        hh = np.where(own | (P["role"] == R_OUTSIDE), P["own_hh"], P["hh"])
        pids = np.flatnonzero(
            tr.present[:, j]
            & (H["typ"][hh] != T_INST)
            & ~no_link
            & (P["birth"] <= _jan1(y + 1) - 1)
        )
        h = hh[pids]
        # The key person: the head, or the partner when the head has died.
        head, partner = H["head"][h], H["partner"][h]
        head_dead = P["death"][head] < ref
        key = np.where(head_dead & (partner >= 0), partner, head)
        tables[f"KOPPELPERSOONHUISHOUDEN{y}"] = _frame(
            {
                "RINPERSOONS": _R(len(pids)),
                "RINPERSOON": pop.rin[pids],
                "RINPERSOONSHKW": _R(len(pids)),
                "RINPERSOONHKW": pop.rin[key],
            }
        )
        keys, first = np.unique(key, return_index=True)
        size = np.bincount(np.searchsorted(keys, key), minlength=len(keys))
        hk = h[first]
        keep = rng.random(len(keys)) >= 0.01  # some households are missing from INHATAB
        keys, hk, size = keys[keep], hk[keep], size[keep]
        m = len(keys)
        pct = np.clip(np.ceil(100 * ndtr(H["z"][hk] + rng.normal(0, 0.3, m))), 1, 100).astype(
            np.int64
        )
        euro = np.round(
            np.exp(10.45 + 0.55 * ndtri((pct - 0.5) / 100)) * (1 + 0.35 * (np.minimum(size, 6) - 1))
        )
        none = rng.random(m) < 0.006
        euro = np.where(none, 999999999.0, euro)
        pct = np.where(none | (rng.random(m) < 0.01), -1, pct)
        tables[f"INHATAB{y}"] = _frame(
            {
                "RINPERSOONSHKW": _R(m),
                "RINPERSOONHKW": pop.rin[keys],
                "INHBESTINKH": euro.astype(float),
                "INHP100HBEST": _nullable_int(pct, rng.random(m) < 0.005),
            }
        )
    return tables


# --------------------------------------------------------------------------------------------
# Tables: municipal registrations (Wmo, neighbourhood teams)
# --------------------------------------------------------------------------------------------


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


def _t_wmo(w: _World, pop: _Population, tr: _Traits) -> tuple[pd.DataFrame, np.ndarray]:
    """GEMWMOVOORZIENINGEN and the (n, n_years) matrix of active BW/MO (as the pipeline sees it)."""
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
    return df, active


def _t_buurtteam(w: _World, pop: _Population, tr: _Traits, bwmo: np.ndarray) -> pd.DataFrame:
    """Neighbourhood-team trajectories: SOC for adults; JG for children, 2-3 times as likely when
    a linkable parent has GGZ care, psychofarmaca, addiction care or BW/MO that year."""
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
    return _frame(
        {
            "RINPERSOONS": rins,
            "RINPERSOON": rin,
            "TEAM": team,
            "DATUMBEGIN": _ymd(begin),
            "DATUMEINDE": _end_dates(rng, end, 0.1),
        }
    )


# --------------------------------------------------------------------------------------------
# Table: the GGD health survey
# --------------------------------------------------------------------------------------------


def _graded(rng, latent: np.ndarray, thresholds, noise: float) -> np.ndarray:
    """Ordinal answers 1..len(thresholds)+1 from a latent score per respondent (n, items)."""
    y = latent + rng.normal(0, noise, latent.shape)
    return 1 + (y[..., None] > np.asarray(thresholds)).sum(axis=-1)


def _wijk_on(pop: _Population, w: _World, day) -> np.ndarray:
    """Wijk index of each person's address on `day` (-1: none, or not in the gemeente)."""
    S = pop.S
    n = len(pop.P["hh"])
    on = np.flatnonzero((S["start"] <= day) & (S["end"] >= day))
    out = np.full(n, -1)
    out[S["pid"][on]] = pop.objs.wijk_in_year(w, S["obj"][on], int(_year_of(day)))
    return out


def _t_survey(w: _World, pop: _Population, tr: _Traits, wave: int) -> pd.DataFrame:
    """GEZOMONITOR of one wave: a stratified sample of adults per wijk with post-stratification
    weights, K10, De Jong Gierveld loneliness and self-rated health, with item non-response."""
    rng = _rng(w.seed, "survey", wave)
    resp, stratum, weight = _survey_sample(rng, w, pop, tr, wave)
    n = len(resp)
    j = w.years.index(wave) if wave in w.years else len(w.years) - 1

    # K10 items 1-5 from the year's distress; most answer all, some skip 1, 2 or 3 items.
    theta = tr.Dt[resp, j] + rng.normal(0, 0.35, n)
    k10 = _graded(rng, np.repeat(theta[:, None], 10, axis=1), (0.4, 1.3, 2.1, 2.9), 0.8)
    n_missing = np.searchsorted(np.array([0.84, 0.92, 0.96]), rng.random(n), side="right")
    k10_missing = rng.random((n, 10)).argsort(axis=1).argsort(axis=1) < n_missing[:, None]

    # De Jong Gierveld: 1 'ja', 2 'min of meer', 3 'nee'. Lonely people say 'ja' to the
    # negatively worded items (2, 3, 5, 6, 9, 10) and 'nee' to the others.
    lam = tr.L[resp] + rng.normal(0, 0.3, n)
    raw = _graded(rng, np.repeat(lam[:, None], 11, axis=1), (1.1, 1.9), 0.9)  # 3 = most lonely
    negative = np.isin(np.arange(1, 12), (2, 3, 5, 6, 9, 10))
    eenz = np.where(negative[None, :], 4 - raw, raw)
    eenz_missing = np.zeros((n, 11), dtype=bool)
    one = np.flatnonzero(rng.random(n) < 0.07)
    eenz_missing[one, rng.integers(0, 11, len(one))] = True

    hl = tr.health[resp] + rng.normal(0, 0.5, n)
    ervgez = 1 + (hl[:, None] > np.array([-0.6, 0.8, 1.8, 2.6])).sum(axis=1)

    # A small share of respondents could not be linked by CBS.
    rins, rin = _person_keys(rng, pop, resp, 0.015, "S")
    cols = {
        "RINPERSOONS": rins,
        "RINPERSOON": rin,
        "STRATUM": w.wijk_code[stratum],
        "WEIGHT": weight,
    }
    for i in range(10):
        cols[f"K10_{i + 1:02d}"] = _nullable_int(k10[:, i], k10_missing[:, i])
    for i in range(11):
        cols[f"EENZ_{i + 1:02d}"] = _nullable_int(eenz[:, i], eenz_missing[:, i])
    cols["ERVGEZ"] = _nullable_int(ervgez, rng.random(n) < 0.015)
    return _frame(cols)


def _survey_sample(rng, w: _World, pop: _Population, tr: _Traits, wave: int):
    """Respondents, their stratum (wijk on the frame date 1 July) and weights.

    Per wijk the sample size scales with the population (at least 30); response rises with age
    and is higher for women, and weights post-stratify to age band x sex within the stratum so
    that they sum to the stratum's 18+ population."""
    P = pop.P
    frame_day = _day(wave, 7, 1)
    wijk = _wijk_on(pop, w, frame_day)
    age = _age(P["birth"], frame_day)
    female = P["female"]
    frame = np.flatnonzero((wijk >= 0) & (age >= 18))
    st = wijk[frame]
    N_h = np.bincount(st, minlength=w.n_wijk)
    n_h = np.minimum(np.maximum(np.round(w.survey * w.n / 360_000), 30), N_h // 2).astype(np.int64)

    rho = expit(-1.0 + 0.025 * (age[frame] - 45) + 0.3 * female[frame] - 0.3 * tr.gap[frame])
    key = np.log(rng.random(len(frame))) / rho  # Efraimidis-Spirakis: weighted, without replacement
    order = np.lexsort((-key, st))
    rank = np.arange(len(order)) - np.searchsorted(st[order], st[order])
    resp = frame[np.sort(order[rank < n_h[st[order]]])]
    rs = wijk[resp]

    def cell(p):
        return (
            wijk[p] * 4 + np.searchsorted(np.array([30, 45, 65]), age[p], side="right")
        ) * 2 + female[p]

    N_c = np.bincount(cell(frame), minlength=w.n_wijk * 8).astype(float)
    n_c = np.bincount(cell(resp), minlength=w.n_wijk * 8).astype(float)
    weight = N_c[cell(resp)] / n_c[cell(resp)]
    total = np.bincount(rs, weights=weight, minlength=w.n_wijk)
    weight *= N_h[rs] / total[rs]  # cells without respondents: rescale to the stratum total
    return resp, rs, weight


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def _default_reference(name: str) -> pd.DataFrame:
    path = Path(__file__).resolve().parents[3] / "config" / "reference" / name
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def generate_world(
    seed: int = 20240101,
    n_residents: int = 360_000,
    years=(2019, 2020, 2021, 2022, 2023),
    survey_waves=(2020, 2022),
    geography: pd.DataFrame | None = None,
    countries: pd.DataFrame | None = None,
    gemeente: str = "GM0344",
) -> dict[str, pd.DataFrame]:
    """Generate the synthetic world: every input table of inputs.md as a DataFrame.

    Keys are file stems: the table name, plus the year for per-year tables
    (``MEDICIJNTAB2019``, ``GEZOMONITOR2020``). Columns, names and codings follow
    ``wijkzicht.inputs.contracts.TABLES``; codes and dates are strings, costs and weights floats,
    survey items and the income percentile pandas ``Int64`` with missing values.
    The result is a pure function of the arguments (same seed, same frames).

    `geography` and `countries` are the reference files (all columns str); when None the
    ones in ``config/reference`` are read. `n_residents` is the approximate population of
    the gemeente on 1 January of every year.
    """
    years = sorted(int(y) for y in years)
    survey_waves = sorted(int(y) for y in survey_waves)
    geography = _default_reference("geography.csv") if geography is None else geography
    countries = _default_reference("countries.csv") if countries is None else countries
    w = _make_world(seed, int(n_residents), years, survey_waves, geography, countries, gemeente)
    pop = _simulate_population(w)
    tr = _traits(w, pop)

    soort, orin = _object_keys(w, pop)
    tables = {
        "GBAPERSOONTAB": _t_persons(w, pop),
        "KINDOUDERTAB": _t_kindouder(w, pop),
        "GBAADRESOBJECTBUS": _t_addresses(w, pop, soort, orin),
        "VSLGWBTAB": _t_vslgwb(w, pop, soort, orin),
        "GBAHUISHOUDENSBUS": _t_households(w, pop),
    }
    med, n_codes = _t_medicijn(w, pop, tr)
    tables.update(med)
    tables.update(_t_zvw(w, pop, tr, n_codes))
    tables.update(_t_ggzdbc(w, pop, tr))
    tables.update(_t_income(w, pop, tr))
    wmo, bwmo = _t_wmo(w, pop, tr)
    tables["GEMWMOVOORZIENINGEN"] = wmo
    tables["GEMBUURTTEAM"] = _t_buurtteam(w, pop, tr, bwmo)
    for wave in survey_waves:
        tables[f"GEZOMONITOR{wave}"] = _t_survey(w, pop, tr, wave)
    return tables
