"""The checks against the configuration and the reference files (the `inputs_checked` job):
wijk and buurt codes of the analysed gemeente and survey strata in the geography, birth years
against the configured years; country codes a reference lacks are counted, not refused."""

from __future__ import annotations

import pandas as pd
import pytest
from worlds import REPO, table

from wijkzicht.inputs.crosscheck import BIRTH_MARGIN, check_files_exist, check_inputs
from wijkzicht.inputs.ingest import InputError, ingest
from wijkzicht.inputs.reference import read_countries, read_geography

GEO_PATH = REPO / "config/reference/geography.csv"
YEARS = [2022, 2023]

VSLGWB = """
| SOORTOBJECTNUMMER | RINOBJECTNUMMER | gem2022 | wc2022 | bc2022   | gem2023 | wc2023 | bc2023   |
| A                 | 17              | 0344    | 034401 | 03440100 | 0344    | 034401 | 03440100 |
| A                 | 18              | 0307    | 030799 | 03079900 | 0344    | 034402 | 03440200 |
| A                 | 19              |         |        |          | 0344    | 034410 | 03441001 |
"""
PERSONS = """
| RINPERSOONS | RINPERSOON | GBAGESLACHT | GBAGEBOORTEJAAR | GBAGEBOORTEMAAND | GBAGEBOORTELAND | GBAGENERATIE | GBAHERKOMSTLAND | GBAAANTALOUDERSBUITENLAND |
| R           | 000000001  | 1           | 1980            | 01               | 6030            | 0            | 6030            | 0                         |
| R           | 000000002  | 2           | 2025            | 12               | 6030            | 0            | 6030            | 0                         |
| R           | 000000003  | -           | 2001            | 00               | 9999            | 1            | 9999            |                           |
"""


def _survey(strata: list[str]) -> pd.DataFrame:
    rows = []
    for i, s in enumerate(strata, 1):
        row = {"RINPERSOONS": "R", "RINPERSOON": f"{i:09d}", "STRATUM": s, "WEIGHT": "2"}
        row |= {f"K10_{k:02d}": "" for k in range(1, 11)}
        row |= {f"EENZ_{k:02d}": "" for k in range(1, 12)}
        rows.append(row | {"ERVGEZ": ""})
    return pd.DataFrame(rows, dtype=str)


@pytest.fixture
def world(tmp_path):
    """Validated tables of a tiny world: {(table, year): parquet}, {(table, year): source}."""

    def build(vslgwb=VSLGWB, persons=PERSONS, strata=("034401", "034406")):
        raw = {
            ("VSLGWBTAB", None): table(vslgwb),
            ("GBAPERSOONTAB", None): table(persons),
            ("GEZOMONITOR", 2022): _survey(list(strata)),
        }
        validated, sources = {}, {}
        for (name, year), df in raw.items():
            src = tmp_path / "data" / f"{name}{year or ''}.csv"
            src.parent.mkdir(exist_ok=True)
            df.to_csv(src, sep=";", index=False)
            if name == "VSLGWBTAB":
                for y in YEARS:
                    out = tmp_path / "validated" / f"{name}{y}.parquet"
                    ingest(name, src, out, None, [y])
                    validated[(name, y)], sources[(name, y)] = out, src
            else:
                out = tmp_path / "validated" / f"{name}{year or ''}.parquet"
                ingest(name, src, out, year, YEARS)
                validated[(name, year)], sources[(name, year)] = out, src
        return validated, sources

    return build


def check(validated, sources, years=YEARS):
    return check_inputs(
        validated, sources, read_geography(GEO_PATH, "GM0344"), GEO_PATH, "GM0344", years,
        countries=read_countries(REPO / "config/reference/countries.csv"),
    )  # fmt: skip


def test_a_clean_world_passes_and_unknown_country_codes_are_counted(world):
    summary = check(*world())
    assert summary["rows"]["VSLGWBTAB/2023"] == 3 and summary["rows"]["GBAPERSOONTAB"] == 3
    # a person born after the last data year (2025 > 2023) is valid: the extract is taken later
    assert summary["unknown_country_codes"]["GBAHERKOMSTLAND"] == {"9999": 1}


def test_wijk_code_not_in_the_geography(world):
    """The battery's case: WK034499 in VSLGWBTAB. Objects of other gemeenten are not checked
    (030799 lies in GM0307)."""
    validated, sources = world(vslgwb=VSLGWB.replace("034410 | 03441001", "034499 | 03449900"))
    with pytest.raises(InputError) as err:
        check(validated, sources)
    msg = str(err.value)
    src = sources[("VSLGWBTAB", 2023)]
    assert f"Input table VSLGWBTAB in file {src} does not meet its contract:" in msg
    assert "column wc2023: 1 address object(s) in gem2023 '0344' have a wijk code" in msg
    assert f"not in the geography reference {GEO_PATH} for GM0344" in msg
    assert "object (A, 19): '034499'" in msg
    assert "column bc2023: 1 address object(s)" in msg and "object (A, 19): '03449900'" in msg
    assert "wc2022" not in msg and "030799" not in msg


def test_buurt_code_not_in_the_geography(world):
    validated, sources = world(
        vslgwb=VSLGWB.replace("03440100 | 0344    | 034401", "03440199 | 0344    | 034401")
    )
    with pytest.raises(InputError) as err:
        check(validated, sources)
    msg = str(err.value)
    assert "column bc2022: 1 address object(s)" in msg and "object (A, 17): '03440199'" in msg


def test_stratum_not_a_wijk_of_the_gemeente(world):
    validated, sources = world(strata=("034401", "034499", "030701"))
    with pytest.raises(InputError) as err:
        check(validated, sources)
    msg = str(err.value)
    src = sources[("GEZOMONITOR", 2022)]
    assert f"Input table GEZOMONITOR in file {src} does not meet its contract:" in msg
    # 034499 is no wijk; 030701 is a wijk of no gemeente in the reference either
    assert "column STRATUM: 2 row(s)" in msg
    assert "data row 2: '034499'; data row 3: '030701'" in msg


def test_strata_of_other_gemeenten_in_the_ggds_file(world):
    """The GGD's survey file holds the respondents of its whole region: strata of GM0356 and of
    Zeist (GM0355) pass in a single run of GM0344 and in a region run of GM0344 and GM0356 (each
    gemeente's jobs keep their own strata); a code that is a wijk of no gemeente in the
    reference is refused, and the message names the run's wijken as examples."""
    validated, sources = world(strata=("034401", "035601", "035503", "035605", "039999"))
    geo = read_geography(GEO_PATH)
    countries = read_countries(REPO / "config/reference/countries.csv")

    def run_check(gemeenten):
        return check_inputs(validated, sources, geo, GEO_PATH, "GM0344", YEARS, countries,
                            gemeenten=gemeenten)  # fmt: skip

    for gemeenten in (None, ["GM0344", "GM0356"]):
        with pytest.raises(InputError) as err:
            run_check(gemeenten)
        msg = str(err.value)
        assert (
            "column STRATUM: 1 row(s) name a stratum that is not a wijk of any gemeente in " in msg
        )
        assert f"the geography reference {GEO_PATH}; expected a wijk code without 'WK'" in msg
        assert "data row 5: '039999'" in msg and "035503'" not in msg and "035601'" not in msg
    assert "such as those of GM0344, GM0356: 034401, " in msg
    validated, sources = world(strata=("034401", "035601", "035503", "035605"))
    assert run_check(None)["rows"]["GEZOMONITOR/2022"] == 4
    assert run_check(["GM0344", "GM0356"])["rows"]["GEZOMONITOR/2022"] == 4


def test_birth_year_after_the_configured_years(world):
    late = 2023 + BIRTH_MARGIN + 1
    validated, sources = world(persons=PERSONS.replace("| 2025 ", f"| {late} "))
    with pytest.raises(InputError) as err:
        check(validated, sources)
    msg = str(err.value)
    assert f"Input table GBAPERSOONTAB in file {sources[('GBAPERSOONTAB', None)]}" in msg
    assert f"column GBAGEBOORTEJAAR: 1 row(s) hold a birth year after {2023 + BIRTH_MARGIN}" in msg
    assert f"data row 2: '{late}'" in msg
    # the same table passes for a later configuration
    check(validated, sources, years=[2022, 2023, 2024])


def test_every_failing_table_is_named_at_once(world):
    validated, sources = world(
        vslgwb=VSLGWB.replace("034410 | 03441001", "034499 | 03449900"), strata=("034499",)
    )
    with pytest.raises(InputError) as err:
        check(validated, sources)
    assert "Input table VSLGWBTAB" in str(err.value) and "Input table GEZOMONITOR" in str(err.value)


def test_missing_files_are_named_with_table_and_year(tmp_path):
    (tmp_path / "MEDICIJNTAB2023.csv").mkdir()
    (tmp_path / "GBAPERSOONTAB.csv").write_text("x")
    files = [
        ("GBAPERSOONTAB", None, str(tmp_path / "GBAPERSOONTAB.csv")),
        ("MEDICIJNTAB", 2022, str(tmp_path / "MEDICIJNTAB2022.csv")),
        ("MEDICIJNTAB", 2023, str(tmp_path / "MEDICIJNTAB2023.csv")),
    ]
    with pytest.raises(InputError) as err:
        check_files_exist(files, "data.root 'x'")
    msg = str(err.value)
    assert f"MEDICIJNTAB of 2022: the file {tmp_path / 'MEDICIJNTAB2022.csv'} does not exist" in msg
    assert f"MEDICIJNTAB of 2023: {tmp_path / 'MEDICIJNTAB2023.csv'} is a directory" in msg
    assert "GBAPERSOONTAB" not in msg
