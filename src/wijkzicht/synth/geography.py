"""The world's fixed parameters: wijken and buurten, countries and herkomst groups, profiles.

`_make_world` turns the geography and country references into a `_World`: per wijk a profile
(household mix, income, distress, mobility, herkomst mix, survey size), per herkomst group the
probability of being born abroad, income, distress and care access; plus buurten in other
gemeenten for people living elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijkzicht.synth.draw import _day, _jan1, _rng

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
           "Indonesië", "overig Europa", "overig Afrika", "overig Amerika/Oceanië", "overig Azië")
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
    "Indonesië":                 (0.05, 0.30,  0.00, 0.00,  0.0),
    "overig Europa":             (0.60, 0.80,  0.00, 0.05, -0.1),
    "overig Afrika":             (0.55, 0.88, -0.60, 0.45, -1.0),
    "overig Amerika/Oceanië":    (0.65, 0.85,  0.00, 0.05, -0.1),
    "overig Azië":               (0.60, 0.85, -0.40, 0.40, -1.0),
}
_GROUP_DEFAULT = (0.6, 0.8, 0.0, 0.1, -0.2)
_GAP_GROUPS = ("Marokko", "Turkije", "overig Afrika", "overig Azië")

# The default gemeente: wijk name -> (profile, relative population).
_UTRECHT = {
    "West": ("jong", 27), "Noordwest": ("kwetsbaar_licht", 43), "Overvecht": ("kwetsbaar", 35),
    "Noordoost": ("welvarend", 30), "Oost": ("student", 33), "Binnenstad": ("student", 18),
    "Zuid": ("gemengd", 37), "Zuidwest": ("kwetsbaar", 30), "Leidsche Rijn": ("gezin", 60),
    "Vleuten-De Meern": ("gezin_welvarend", 45),
}
# The other gemeenten of the reference (GGD regio Utrecht; their wijk names are illustrative).
_WIJKEN = {
    "GM0344": _UTRECHT,
    "GM0356": {"Centrum": ("gemengd", 30), "Noord": ("kwetsbaar", 30), "Oost": ("gezin", 35),
               "Zuid": ("welvarend", 30), "West": ("kwetsbaar_licht", 35)},
    "GM0355": {"Centrum": ("gemengd", 30), "Noord": ("gezin_welvarend", 30),
               "Oost": ("welvarend", 25), "Zuid": ("kwetsbaar_licht", 35), "West": ("gezin", 30)},
    "GM0321": {"Centrum": ("gemengd", 30), "Noord": ("gezin", 40),
               "Zuid": ("gezin_welvarend", 35), "Buitengebied": ("welvarend", 15)},
    "GM0353": {"Centrum": ("gemengd", 25), "Noord": ("kwetsbaar_licht", 30), "Oost": ("gezin", 35),
               "Zuid": ("jong", 25)},
}
# Other gemeenten people move to and from (and where some parents live), with weights.
_OUTSIDE = {"0307": 3, "0355": 4, "0356": 4, "0353": 2, "0363": 3, "0599": 2, "0518": 2}
# fmt: on


def wijk_profiles(gemeente: str, names: list[str]) -> list[tuple[str, int]]:
    """(profile, relative population) of each wijk name of `gemeente`: its own in `_WIJKEN`,
    else ('gemengd', 30)."""
    known = _WIJKEN.get(gemeente, {})
    return [known.get(name, ("gemengd", 30)) for name in names]


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


def _make_world(seed, n, years, waves, geography, countries, gemeente, avoid=()) -> _World:
    """The fixed parameters of the world from the reference files; nobody moves to or has a
    parent in the gemeenten of `avoid` (codes GMxxxx)."""
    geo = _geography(seed, geography, gemeente, avoid)
    cty = _countries(countries)
    # Wijken of the gemeenten in _WIJKEN have their own profile; any other wijk is 'gemengd'.
    known = wijk_profiles(gemeente, geo.pop("wijk_name"))
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


def _geography(seed: int, geography: pd.DataFrame, gemeente: str, avoid=()) -> dict:
    """Wijken and buurten of the gemeente (codes without the GM/WK/BU prefix), and buurten in
    other gemeenten (of `_OUTSIDE`, never one of `avoid`) for people living elsewhere."""
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

    skip = {gem} | {str(a)[2:] for a in avoid}
    if set(_OUTSIDE) <= skip:
        raise ValueError(f"no gemeente left to move to outside {sorted(avoid)}")
    o_code, o_wc, o_gem, o_w = [], [], [], []
    for g, weight in _OUTSIDE.items():
        if g in skip:
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
