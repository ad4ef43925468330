"""Address object numbers damaged by a conversion (U7): GBAADRESOBJECTBUS and VSLGWBTAB must
write RINOBJECTNUMMER alike. A number stored as a number in one file and as text in the other
loses its leading zeros, and Excel writes a 12-digit number as 4,80939E+11; the spells then
place nobody (docs/rules.md#l5) and the residents vanish without a word. The `inputs_checked`
job refuses both, and a year in which nobody lives in the gemeente."""

from __future__ import annotations

import pytest
from worlds import REPO, table

from wijkzicht.inputs.crosscheck import check_inputs
from wijkzicht.inputs.ingest import InputError, ingest
from wijkzicht.inputs.reference import read_countries, read_geography

GEO_PATH = REPO / "config/reference/geography.csv"
YEARS = [2022, 2023]

VSLGWB = """
| SOORTOBJECTNUMMER | RINOBJECTNUMMER | gem2022 | wc2022 | bc2022   | gem2023 | wc2023 | bc2023   |
| B                 | 012345678901    | 0344    | 034401 | 03440100 | 0344    | 034401 | 03440100 |
| B                 | 480939166965    | 0344    | 034402 | 03440200 | 0344    | 034402 | 03440200 |
| B                 | 777777777777    | 0307    | 030799 | 03079900 | 0307    | 030799 | 03079900 |
"""
ADRES = """
| RINPERSOONS | RINPERSOON | GBADATUMAANVANGADRESHOUDING | GBADATUMEINDEADRESHOUDING | SOORTOBJECTNUMMER | RINOBJECTNUMMER |
| R           | 000000001  | 20100101                    | 20501231                  | B                 | {one}           |
| R           | 000000002  | 20100101                    | 20501231                  | B                 | {two}           |
| R           | 000000003  | 20100101                    | 20501231                  | B                 | 999999999999    |
"""


@pytest.fixture
def world(tmp_path):
    def build(one="012345678901", two="480939166965", vslgwb=VSLGWB):
        validated, sources = {}, {}
        src = tmp_path / "VSLGWBTAB.csv"
        table(vslgwb).to_csv(src, sep=";", index=False)
        for y in YEARS:
            out = tmp_path / f"VSLGWBTAB{y}.parquet"
            ingest("VSLGWBTAB", src, out, None, [y])
            validated[("VSLGWBTAB", y)], sources[("VSLGWBTAB", y)] = out, src
        src = tmp_path / "GBAADRESOBJECTBUS.csv"
        table(ADRES.format(one=one, two=two)).to_csv(src, sep=";", index=False)
        out = tmp_path / "GBAADRESOBJECTBUS.parquet"
        ingest("GBAADRESOBJECTBUS", src, out, None, YEARS)
        validated[("GBAADRESOBJECTBUS", None)] = out
        sources[("GBAADRESOBJECTBUS", None)] = src
        return validated, sources

    return build


def check(validated, sources, gemeente="GM0344"):
    return check_inputs(
        validated, sources, read_geography(GEO_PATH), GEO_PATH, gemeente, YEARS,
        countries=read_countries(REPO / "config/reference/countries.csv"),
    )  # fmt: skip


def test_object_numbers_written_alike_pass_and_an_unknown_object_places_nobody(world):
    """999999999999 is in no VSLGWBTAB row: it places nobody (rule L5), no error."""
    assert check(*world())["rows"]["GBAADRESOBJECTBUS"] == 3


def test_an_object_number_without_its_leading_zero_is_refused(world):
    validated, sources = world(one="12345678901")
    with pytest.raises(InputError) as err:
        check(validated, sources)
    msg = str(err.value)
    src = sources[("GBAADRESOBJECTBUS", None)]
    assert f"Input table GBAADRESOBJECTBUS in file {src} does not meet its contract:" in msg
    assert "column RINOBJECTNUMMER: 1 address spell(s) on 1 January 2022" in msg
    assert "data row 1: '12345678901' (VSLGWBTAB: '012345678901')" in msg
    assert "999999999999" not in msg


def test_an_object_number_in_scientific_notation_is_refused(world):
    validated, sources = world(two="4,80939E+11")
    with pytest.raises(InputError) as err:
        check(validated, sources)
    assert "data row 2: '4,80939E+11'" in str(err.value)


def test_a_gemeente_without_residents_is_refused(world):
    """Every spell is at an object VSLGWBTAB holds, none in GM0356: no residents there."""
    validated, sources = world()
    with pytest.raises(InputError) as err:
        check(validated, sources, gemeente="GM0356")
    msg = str(err.value)
    assert "no address spell on 1 January 2022 lies at an object that VSLGWBTAB" in msg
    assert "places in GM0356 (of 3 spell(s) on that day, 2 are at an object VSLGWBTAB holds)" in msg
