"""The synthetic world of a GGD region (wijkzicht.synth.region, docs: region_design point 5):
the world of [A, B] holds A's single world unchanged plus B's own sub-world, with keys disjoint
from A's, nobody of B at an address in A, a regional survey, and the geography reference of
several gemeenten."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from wijkzicht.synth import generate_world
from wijkzicht.synth.elsewhere import _places, _used
from wijkzicht.synth.geography import _OUTSIDE
from wijkzicht.synth.region import KEYS, _keys, _make_disjoint, generate_region, sub_seed
from wijkzicht.synth.world import World

ROOT = Path(__file__).resolve().parents[2]
A, B = "GM0344", "GM0356"
YEARS = [2022, 2023]
ARGS = dict(n_residents=2000, years=YEARS, survey_waves=[2022], unkeyed=["GEMBUURTTEAM"])


def _reference(name: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / "config" / "reference" / name, dtype=str, keep_default_na=False)


GEO = _reference("geography.csv")
COUNTRIES = _reference("countries.csv")


@pytest.fixture(scope="module")
def worlds():
    common = dict(ARGS, geography=GEO, countries=COUNTRIES)
    single = generate_world(seed=11, gemeente=A, **common)
    region = generate_region([A, B], seed=11, **common)
    return single, region


def _part(region: World, single: World, stem: str, which: str) -> pd.DataFrame:
    """The rows of `region[stem]` that come from A's sub-world (the first ones) or the rest."""
    n = len(single[stem])
    df = region[stem]
    return (df.iloc[:n] if which == "A" else df.iloc[n:]).reset_index(drop=True)


def test_the_region_holds_a_single_world_unchanged(worlds):
    single, region = worlds
    assert sorted(region) == sorted(single)
    assert sorted(region.truth) == sorted(single.truth) == ["GEMBUURTTEAM"]
    for stem in single:
        pd.testing.assert_frame_equal(_part(region, single, stem, "A"), single[stem])
        # and B's own rows after them: every table has some (the register, care, survey)
        assert len(region[stem]) > len(single[stem]), stem
    pd.testing.assert_frame_equal(
        _part(region.truth, single.truth, "GEMBUURTTEAM", "A"), single.truth["GEMBUURTTEAM"]
    )


def test_keys_of_the_sub_worlds_are_disjoint(worlds):
    single, region = worlds
    for label, (columns, _) in KEYS.items():
        a = _used({s: _part(region, single, s, "A") for s in single}, columns)
        b = _used({s: _part(region, single, s, "B") for s in single}, columns)
        assert len(a) and len(b), label
        assert not np.intersect1d(a, b).size, label


def test_nobody_of_b_lives_at_an_object_placed_in_a(worlds):
    single, region = worlds
    addresses = _part(region, single, "GBAADRESOBJECTBUS", "B")
    geo = region["VSLGWBTAB"]
    at = geo.merge(addresses[["SOORTOBJECTNUMMER", "RINOBJECTNUMMER"]].drop_duplicates())
    assert len(at) == addresses[["SOORTOBJECTNUMMER", "RINOBJECTNUMMER"]].drop_duplicates().shape[0]
    for y in YEARS:
        gem = set(at[f"gem{y}"]) - {""}
        assert A[2:] not in gem and B[2:] in gem
        # B's out-movers and parents elsewhere live outside the run's gemeenten
        assert gem <= {B[2:], *(set(_OUTSIDE) - {A[2:], B[2:]})}
    # B's residents live in B's wijken of the reference
    wijken = set(GEO.loc[GEO["gemeente_code"] == B, "wijk_code"].str[2:])
    assert {w for w in at[f"wc{YEARS[0]}"] if w.startswith(B[2:])} <= wijken


def test_the_survey_is_regional(worlds):
    single, region = worlds
    survey = region["GEZOMONITOR2022"]
    wijken = GEO.drop_duplicates("wijk_code").set_index("wijk_code")["gemeente_code"]
    of = ("WK" + survey["STRATUM"]).map(wijken)
    assert of.notna().all()
    n_a = len(single["GEZOMONITOR2022"])
    assert (of.iloc[:n_a] == A).all() and (of.iloc[n_a:] == B).all() and len(survey) > n_a


def test_one_gemeente_is_its_single_world_and_the_reference_beyond_it_changes_nothing():
    common = dict(ARGS, n_residents=600, countries=COUNTRIES)
    full = generate_region([A], seed=5, geography=GEO, **common)
    alone = generate_world(seed=5, gemeente=A, geography=GEO[GEO["gemeente_code"] == A], **common)
    for stem in alone:
        pd.testing.assert_frame_equal(full[stem], alone[stem])


def test_a_sub_world_is_that_gemeentes_world_with_its_own_seed():
    """B's rows are a world of B generated with `sub_seed` (here no key clashes with A's)."""
    common = dict(ARGS, n_residents=500, geography=GEO, countries=COUNTRIES)
    region = generate_region([A, B], seed=3, **common)
    a = generate_world(seed=3, gemeente=A, **common)
    b = generate_world(seed=sub_seed(3, B), gemeente=B, avoid=[A, B], **common)
    assert sub_seed(3, B) != sub_seed(3, "GM0355") and sub_seed(3, B) == sub_seed(3, B)
    for stem in ("GBAPERSOONTAB", "GEZOMONITOR2022", "MEDICIJNTAB2023"):
        rows = region[stem].iloc[len(a[stem]) :].reset_index(drop=True)
        pd.testing.assert_frame_equal(rows, b[stem])


def test_clashing_numbers_are_replaced_everywhere_in_the_later_sub_world():
    first = World(
        P=pd.DataFrame({"RINPERSOON": ["000000001", "000000002"], "HUISHOUDNR": ["0000000007"] * 2})
    )
    first.truth = {}
    later = World(
        P=pd.DataFrame(
            {"RINPERSOON": ["000000002", "000000003"], "HUISHOUDNR": ["0000000008"] * 2}
        ),
        K=pd.DataFrame({"RINPERSOON": ["000000003"], "RINPERSOONMa": ["000000002"]}),
    )
    later.truth = {"T": pd.DataFrame({"RINPERSOON": ["000000002", ""]})}
    taken = {label: _keys(first, columns) for label, (columns, _) in KEYS.items()}
    _make_disjoint(later, taken, seed=1, gemeente=B)
    new = later["P"].loc[0, "RINPERSOON"]
    assert new not in ("000000001", "000000002", "000000003") and len(new) == 9
    assert later["P"]["RINPERSOON"].tolist() == [new, "000000003"]
    assert later["K"]["RINPERSOONMa"].tolist() == [new]  # the link follows the person
    assert later.truth["T"]["RINPERSOON"].tolist() == [new, ""]
    assert later["P"]["HUISHOUDNR"].tolist() == ["0000000008"] * 2  # no clash: unchanged
    # what is taken now: both worlds' numbers, for the next sub-world
    assert taken["persons"].tolist() == sorted([1, 2, 3, int(new)])
    assert taken["households"].tolist() == [7, 8]


def test_persons_living_elsewhere_avoid_every_gemeente_of_the_run():
    alone = _places(11, [A])
    region = _places(11, [A, B, "GM0355"])
    assert A[2:] not in set(alone["gem"])
    assert not {A[2:], B[2:], "0355"} & set(region["gem"])


def test_geography_reference_codes_and_outside_buurten():
    """Wijk = WK + gemeente digits + 2, buurt = BU + wijk digits + 2; one name per code; the
    buurten where the single worlds place out-movers (`_OUTSIDE`, wijk 01-02, buurt 00-02)
    exist for every gemeente of the reference, so a region run's input check accepts them."""
    assert GEO["buurt_code"].is_unique
    assert (GEO["wijk_code"].str[2:6] == GEO["gemeente_code"].str[2:]).all()
    assert (GEO["buurt_code"].str[2:8] == GEO["wijk_code"].str[2:]).all()
    assert GEO["wijk_code"].str.fullmatch(r"WK\d{6}").all()
    assert GEO["buurt_code"].str.fullmatch(r"BU\d{8}").all()
    assert (GEO.groupby("wijk_code")["wijk_name"].nunique() == 1).all()
    assert (GEO.groupby("gemeente_code")["gemeente_name"].nunique() == 1).all()
    assert {A, B, "GM0355", "GM0321", "GM0353"} <= set(GEO["gemeente_code"])
    codes = set(GEO["buurt_code"])
    for g in set(_OUTSIDE) & set(GEO["gemeente_code"].str[2:]):
        for wk in ("01", "02"):
            for bk in ("00", "01", "02"):
                assert f"BU{g}{wk}{bk}" in codes


def test_a_region_needs_distinct_gemeenten():
    with pytest.raises(ValueError, match="distinct gemeenten"):
        generate_region([A, A], n_residents=100)
    with pytest.raises(ValueError, match="distinct gemeenten"):
        generate_region([], n_residents=100)


def test_three_gemeenten_keys_pairwise_disjoint():
    """Each further sub-world avoids the numbers of every one before it, not only the first's."""
    run = [A, B, "GM0355"]
    common = dict(ARGS, n_residents=400, geography=GEO, countries=COUNTRIES)
    region = generate_region(run, seed=9, **common)
    sizes = [generate_world(seed=9, gemeente=A, **common)] + [
        generate_world(seed=sub_seed(9, g), gemeente=g, avoid=run, **common) for g in run[1:]
    ]
    for label, (columns, _) in KEYS.items():
        parts, start = [], dict.fromkeys(region, 0)
        for world in sizes:
            rows = {}
            for stem in region:
                n = len(world[stem])
                rows[stem] = region[stem].iloc[start[stem] : start[stem] + n]
                start[stem] += n
            parts.append(_used(rows, columns))
        assert all(start[stem] == len(region[stem]) for stem in region)
        for i in range(3):
            for j in range(i + 1, 3):
                assert not np.intersect1d(parts[i], parts[j]).size, (label, i, j)
    strata = region["GEZOMONITOR2022"]["STRATUM"].str[:4]
    assert set(strata) == {"0344", "0356", "0355"}


@pytest.mark.parametrize("gemeente", ["GM0356", "GM0355", "GM0321", "GM0353"])
def test_boundaries_of_every_gemeente_of_the_reference(gemeente):
    """Each gemeente's map holds exactly its own buurten; a generic wijk name lies at its
    compass point ("Noord" north of "Zuid", "Oost" east of the centre)."""
    from wijkzicht.synth.boundaries import synthetic_boundaries

    b = synthetic_boundaries(20260101, GEO, gemeente)
    own = GEO[GEO["gemeente_code"] == gemeente]
    assert sorted(b["buurtcode"]) == sorted(own["buurt_code"])
    centre = {
        name: shapely.union_all(list(g)).centroid for name, g in b.groupby("wijknaam")["geometry"]
    }
    assert centre["Noord"].y > centre["Centrum"].y > centre["Zuid"].y
    if "Oost" in centre:
        assert centre["Oost"].x > centre["Centrum"].x
