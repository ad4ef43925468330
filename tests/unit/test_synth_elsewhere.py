"""The persons living elsewhere (synthetic.n_elsewhere, wijkzicht.synth.elsewhere): rows in every
national table and in nothing of the gemeente's own, linked to nobody the gemeente's analysis can
reach, valid under the input contract, care at the gemeente's rates, and the gemeente's part of
the world unchanged by them."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from wijkzicht.synth import generate_world, write_world
from wijkzicht.synth.elsewhere import elsewhere
from wijkzicht.synth.write import split_stem

YEARS = [2021, 2022]
N_ELSEWHERE = 5000
CHUNK = 2000  # three chunks, the last one partial
NATIONAL = {
    "GBAPERSOONTAB", "KINDOUDERTAB", "GBAADRESOBJECTBUS", "VSLGWBTAB", "GBAHUISHOUDENSBUS",
    "MEDICIJNTAB", "ZVWZORGKOSTENTAB", "GGZDBCTRAJECTENHOOFDDIAGTAB", "KOPPELPERSOONHUISHOUDEN",
    "INHATAB",
}  # fmt: skip
OWN = {"GEMWMOVOORZIENINGEN", "GEMBUURTTEAM", "GEZOMONITOR"}
KEY = ["RINPERSOONS", "RINPERSOON"]


@pytest.fixture(scope="module")
def world():
    return generate_world(
        seed=11, n_residents=1500, years=YEARS, survey_waves=[2022], unkeyed=["GEMBUURTTEAM"]
    )


def _raw(world, n=N_ELSEWHERE, chunk=CHUNK):
    """The padding as `elsewhere` yields it: (stem, Arrow table)."""
    return elsewhere(world, n, 11, YEARS, gemeente="GM0344", chunk=chunk)


def _padding(world, n=N_ELSEWHERE, chunk=CHUNK):
    """The padding as (stem, DataFrame), typed as the world's frames."""
    for stem, t in _raw(world, n, chunk):
        yield stem, t.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)


@pytest.fixture(scope="module")
def padding(world) -> dict[str, pd.DataFrame]:
    """The padding's rows per stem, all chunks together."""
    parts: dict[str, list] = {}
    for stem, df in _padding(world):
        parts.setdefault(stem, []).append(df)
    return {s: pd.concat(p, ignore_index=True) for s, p in parts.items()}


@pytest.fixture(scope="module")
def written(world, tmp_path_factory):
    root = tmp_path_factory.mktemp("elsewhere")
    plain = write_world(world, root / "plain", "parquet")
    padded = write_world(world, root / "padded", "parquet", extra=_raw(world))
    return plain, padded


def test_padding_is_in_every_national_table_and_in_nothing_of_the_gemeente(world, padding):
    stems = {s for s in world if split_stem(s)[0] in NATIONAL}
    assert set(padding) == stems  # every national table and year, nothing else
    persons = padding["GBAPERSOONTAB"]
    assert len(persons) == N_ELSEWHERE and persons["RINPERSOON"].is_unique
    for stem, df in padding.items():
        assert list(df.columns) == list(world[stem].columns), stem
        assert len(df) > 0, stem
        if "RINPERSOON" in df:
            assert df["RINPERSOON"].isin(persons["RINPERSOON"]).all(), stem


def test_written_files_hold_the_gemeente_rows_first_then_the_padding(world, written):
    plain, padded = written
    assert [p.relative_to(p.parents[1]) for p in plain] == [
        p.relative_to(p.parents[1]) for p in padded
    ]
    for p, q in zip(plain, padded, strict=True):
        table, _ = split_stem(p.stem)
        if table in OWN:  # the gemeente's registrations and the survey: untouched
            assert p.read_bytes() == q.read_bytes(), p.name
            continue
        a, b = pd.read_parquet(p), pd.read_parquet(q)
        assert len(b) > len(a), p.name
        pd.testing.assert_frame_equal(b.iloc[: len(a)], a, obj=p.name)


def _numbers(tables, columns) -> set[str]:
    return {
        v for df in tables.values() for c in columns if c in df for v in df[c].tolist() if v != ""
    }


def test_nobody_in_the_padding_links_to_the_gemeente(world, padding):
    people = ("RINPERSOON", "RINPERSOONpa", "RINPERSOONMa", "RINPERSOONHKW")
    for columns in (
        people,
        ("RINOBJECTNUMMER",),
        ("HUISHOUDNR",),
        ("GGZDBCtrajectnummer",),
    ):
        assert not _numbers(world, columns) & _numbers(padding, columns), columns
    own = set(padding["GBAPERSOONTAB"]["RINPERSOON"])
    k = padding["KINDOUDERTAB"]
    for s, r in (("RINPERSOONSpa", "RINPERSOONpa"), ("RINPERSOONSMa", "RINPERSOONMa")):
        linked = k[k[s] == "R"]
        assert linked[r].isin(own).all() and (k.loc[k[s] == "", r] == "").all()
        assert len(linked) > 0
    # their addresses are all elsewhere, in every year, and all mapped
    v = padding["VSLGWBTAB"]
    for y in YEARS:
        assert (v[f"gem{y}"] != "0344").all() and v[f"gem{y}"].str.fullmatch(r"\d{4}").all()
        assert (v[f"wc{y}"].str[:4] == v[f"gem{y}"]).all()
        assert (v[f"bc{y}"].str[:6] == v[f"wc{y}"]).all()
    assert v[f"gem{YEARS[0]}"].nunique() > 100  # many gemeenten
    objects = set(padding["GBAADRESOBJECTBUS"]["RINOBJECTNUMMER"])
    assert objects <= set(v["RINOBJECTNUMMER"])
    assert set(padding["GBAADRESOBJECTBUS"]["RINPERSOON"]) == own  # everyone has an address


@pytest.mark.parametrize("fmt", ["parquet", "csv", "sav"])
def test_padded_world_meets_the_input_contract(world, tmp_path, fmt):
    """The pipeline's reader validates every padded table (keys unique, spells not overlapping,
    codes and dates in their domains); CSV and SPSS through their own appending paths."""
    from wijkzicht.inputs.ingest import ingest

    tables = {s: df for s, df in world.items() if split_stem(s)[0] in NATIONAL}
    for path in write_world(tables, tmp_path / "raw", fmt, extra=_raw(world, 3000, 1000)):
        table, year = split_stem(path.stem)
        out = tmp_path / "out" / f"{path.stem}.parquet"
        ingest(table, path, out, year=year, years=YEARS)
        assert len(pd.read_parquet(out)) > len(world[path.stem]), path.name


def test_no_padding_writes_the_same_bytes(world, tmp_path):
    for fmt in ("parquet", "csv"):
        a = write_world(world, tmp_path / f"a{fmt}", fmt)
        b = write_world(world, tmp_path / f"b{fmt}", fmt, extra=_raw(world, 0))
        for p, q in zip(a, b, strict=True):
            assert p.read_bytes() == q.read_bytes(), p.name


def test_the_padding_is_a_function_of_its_arguments(world, padding):
    again = pd.concat([df for stem, df in _padding(world) if stem == "GBAPERSOONTAB"])
    pd.testing.assert_frame_equal(again.reset_index(drop=True), padding["GBAPERSOONTAB"])
    other = dict(elsewhere(world, 1000, 12, YEARS, chunk=CHUNK))["GBAPERSOONTAB"].to_pandas()
    assert not other["RINPERSOON"].isin(again["RINPERSOON"]).all()
    with pytest.raises(ValueError, match=">= 0"):
        list(elsewhere(world, -1, 11, YEARS))


def _adult_rates(tables, year: int, persons: pd.DataFrame) -> dict[str, float]:
    adults = persons[year - persons["GBAGEBOORTEJAAR"].astype(int) >= 19][KEY]
    z = tables[f"ZVWZORGKOSTENTAB{year}"].merge(adults, on=KEY)
    cols = ["ZVWKGENBASGGZ", "ZVWKSPECGGZ"] if year <= 2021 else ["ZVWKGGZZPMTOTAAL"]
    m = tables[f"MEDICIJNTAB{year}"]
    psy = m[m["ATC4"].str.startswith(("N05", "N06"))][KEY].drop_duplicates().merge(adults, on=KEY)
    dbc = tables[f"GGZDBCTRAJECTENHOOFDDIAGTAB{year}"][KEY].drop_duplicates().merge(adults, on=KEY)
    return {
        "ggz": float((z[cols].fillna(0).sum(axis=1) > 0).mean()),
        "psychofarmaca": len(psy) / len(z),
        "dbc": len(dbc) / len(z),
    }


def test_care_at_rates_like_the_gemeentes(world, padding):
    """Shares of adults with GGZ costs, psychofarmaca and a DBC trajectory: the padding's within
    a factor 1.6 of the gemeente's (the same care model, another population mix)."""
    ours = _adult_rates(padding, 2022, padding["GBAPERSOONTAB"])
    theirs = _adult_rates(world, 2022, world["GBAPERSOONTAB"])
    for k in ours:
        assert theirs[k] / 1.6 < ours[k] < theirs[k] * 1.6, (k, ours[k], theirs[k])
    assert 0.06 < ours["ggz"] < 0.12 and 0.09 < ours["psychofarmaca"] < 0.17


def test_households_and_income_among_themselves(padding):
    k = padding["KOPPELPERSOONHUISHOUDEN2022"]
    inha = padding["INHATAB2022"]
    assert k["RINPERSOONHKW"].isin(set(padding["GBAPERSOONTAB"]["RINPERSOON"])).all()
    assert inha["RINPERSOONHKW"].is_unique
    assert inha["RINPERSOONHKW"].isin(set(k["RINPERSOONHKW"])).all()
    assert 0.95 < len(inha) / k["RINPERSOONHKW"].nunique() <= 1
    pct = inha["INHP100HBEST"].dropna()
    assert pct[pct > 0].between(1, 100).all() and 35 < pct[pct > 0].mean() < 65
    h = padding["GBAHUISHOUDENSBUS"]
    size = h.groupby("HUISHOUDNR").size()
    assert 1.9 < size.mean() < 2.6 and h["RINPERSOON"].is_unique
    born = padding["GBAPERSOONTAB"]["GBAGEBOORTEJAAR"].astype(int)
    assert (born >= YEARS[0]).any() and born.max() <= YEARS[-1]  # births in the period


def test_chunks_keep_numbers_unique_across_chunks(world):
    """Numbers taken chunk by chunk never repeat (a permutation of the number space)."""
    stems = {}
    for stem, df in _padding(world, 4500, 1000):
        stems.setdefault(stem, []).append(df)
    for stem, col in (
        ("GBAPERSOONTAB", "RINPERSOON"),
        ("VSLGWBTAB", "RINOBJECTNUMMER"),
    ):
        values = pd.concat(stems[stem])[col]
        assert values.is_unique and values.str.len().nunique() == 1, stem
    traj = pd.concat([pd.concat(v) for s, v in stems.items() if s.startswith("GGZDBC")])
    assert traj["GGZDBCtrajectnummer"].is_unique
    hh = pd.concat(stems["GBAHUISHOUDENSBUS"]).drop_duplicates("HUISHOUDNR")
    assert len(hh) > 1500


def test_generate_world_is_unchanged_by_the_module(world):
    """The gemeente's part is drawn before and apart from the padding: generating it again after
    the padding was drawn gives the same tables."""
    list(_padding(world, 1000))
    again = generate_world(
        seed=11, n_residents=1500, years=YEARS, survey_waves=[2022], unkeyed=["GEMBUURTTEAM"]
    )
    for stem in world:
        pd.testing.assert_frame_equal(again[stem], world[stem], obj=stem)


def test_padding_as_dataframes_or_arrow_writes_the_same_bytes(world, tmp_path):
    a = write_world(world, tmp_path / "arrow", "parquet", extra=_raw(world, 2500, 1000))
    b = write_world(world, tmp_path / "pandas", "parquet", extra=_padding(world, 2500, 1000))
    for p, q in zip(a, b, strict=True):
        assert p.read_bytes() == q.read_bytes(), p.name
