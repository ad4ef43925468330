"""Tables of the population register: GBAPERSOONTAB, KINDOUDERTAB, GBAADRESOBJECTBUS,
VSLGWBTAB and GBAHUISHOUDENSBUS."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkzicht.synth.columns import _R, _end_dates, _frame
from wijkzicht.synth.draw import _rng, _ymd
from wijkzicht.synth.geography import _World
from wijkzicht.synth.households import (
    L_LINKED,
    L_UNKNOWN,
    L_UNLINKABLE,
    R_CHILD,
    T_COUPLE,
    T_FAMILY,
    T_INST,
    T_OTHER,
    T_PARENT,
    T_SINGLE,
)
from wijkzicht.synth.population import _Population


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
