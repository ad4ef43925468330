"""Aggregate sources: organisation figures, their indicator register and CBS Kerncijfers.

Bad inputs: one fault per kind, each message naming table, file, column, the example rows
(data row and line) and what was expected. Then the primary rule on a hand-made table of
persons, the rates of events (no person counted, no primary rule), the gate on the released
table, and the inhabitants check against hand counts.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from worlds import table

from wijkzicht.disclosure.control import protect
from wijkzicht.disclosure.export import write_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.inputs.aggregates import (
    KERNCIJFERS,
    ORGANISATION_FIGURES,
    ORGANISATION_INDICATORS,
    check_kerncijfers,
    check_organisation_figures,
    read_aggregate,
)
from wijkzicht.inputs.ingest import InputError
from wijkzicht.pipeline.aggregates import check_aggregate_paths, kerncijfers_path
from wijkzicht.pipeline.config import ConfigError
from wijkzicht.themes.aggregates import explained, inhabitants_check, organisation_measures

GEO = table("""
| gemeente_code | gemeente_name | wijk_code | wijk_name | buurt_code | buurt_name |
| GM0344        | Utrecht       | WK034401  | West      | BU03440100 | Lombok     |
| GM0344        | Utrecht       | WK034402  | Noordwest | BU03440200 | Zuilen     |
| GM0344        | Utrecht       | WK034403  | Overvecht | BU03440300 | Tigris     |
""")
GEMEENTE = "GM0344"
REGISTER = """
| source     | indicator     | supplier          | label_nl          | label_en | definition_nl             | definition_en | unit    | denominator_kind | denominator_nl | denominator_en |
| huisartsen | consulten_psy | Huisartsen Utrecht | Consulten psyche | GP visits | Consulten per 1.000.      | Visits.       | events  | persons          | patiënten      | patients       |
| buurtteam  | caseload      | Buurtteam Sociaal | Hulp buurtteam    | Team help | Inwoners met een traject. | Residents.    | persons | residents        | inwoners       | residents      |
| corporatie | overlast      | Corporatie        | Overlast          | Nuisance  | Meldingen per woning.     | Reports.      | events  | other            | huurwoningen   | dwellings      |
"""
FIGURES = """
| source     | indicator     | year | area_code | numerator | denominator |
| buurtteam  | caseload      | 2023 | GM0344    | 60        | 300         |
| buurtteam  | caseload      | 2023 | WK034401  | 30        | 100         |
| buurtteam  | caseload      | 2023 | WK034402  | 27        | 100         |
| buurtteam  | caseload      | 2023 | WK034403  | 3         | 100         |
| huisartsen | consulten_psy | 2023 | WK034401  | 3         | 95          |
"""
# the register's residents on 1 January 2023, by hand
POPULATION = pd.DataFrame(
    {
        "year": [2023] * 4,
        "area_level": ["gemeente", "wijk", "wijk", "wijk"],
        "area_code": ["GM0344", "WK034401", "WK034402", "WK034403"],
        "n_residents": [310, 105, 100, 105],
    }
)


def write(path: Path, text: str, sep: str = ";") -> Path:
    table(text).to_csv(path, sep=sep, index=False)
    return path


def check(tmp_path: Path, figures: str = FIGURES, register: str = REGISTER, years=(2023,)):
    reg = read_aggregate(ORGANISATION_INDICATORS.name, write(tmp_path / "register.csv", register))
    fig = read_aggregate(ORGANISATION_FIGURES.name, write(tmp_path / "figures.csv", figures))
    return check_organisation_figures(
        [fig], reg, GEO, "geography.csv", GEMEENTE, list(years), POPULATION
    )


def broken(figures: str = FIGURES, row: int = 4, column: str = "", value: str = "") -> str:
    """FIGURES with data row `row` (1-based) given `value` in `column`."""
    df = table(figures)
    df.loc[row - 1, column] = value
    header = "| " + " | ".join(df.columns) + " |"
    body = ["| " + " | ".join(r) + " |" for r in df.astype(str).to_numpy().tolist()]
    return "\n".join([header, *body])


def assert_names(err: pytest.ExceptionInfo, *parts: str) -> None:
    text = str(err.value)
    for part in parts:
        assert part in text, (part, text)


# FIGURES gives the GP visits for West only: the gemeente and two wijken "niet aangeleverd"
GP_PARTLY = (
    "huisartsen/consulten_psy 2023 in {}: no row for the gemeente Utrecht (GM0344); 2 of 3 "
    "wijken: Noordwest (WK034402), Overvecht (WK034403). The pages say 'niet aangeleverd' (not "
    "supplied) there; if the partner has these figures, add their rows"
)


def test_clean_figures_pass(tmp_path):
    checked = check(tmp_path)
    assert len(checked.figures) == 5
    assert checked.warnings == [GP_PARTLY.format(tmp_path / "figures.csv")]
    assert list(checked.indicators["source"]) == ["huisartsen", "buurtteam", "corporatie"]


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("numerator", "veel", "expected non-empty, a finite number >= 0"),
        ("numerator", "", "expected non-empty, a finite number >= 0"),
        ("denominator", "-5", "expected non-empty, a finite number >= 0"),
        ("year", "23", "expected non-empty, a year YYYY"),
        ("area_code", "034403", "expected an area code GM + 4 digits"),
        ("area_code", "WK036301", "name an area of another gemeente; expected areas of GM0344"),
        ("area_code", "WK034499", "not in the geography reference geography.csv"),
        ("indicator", "wachtlijst", "not in the indicator register"),
        ("year", "2019", "lie outside the configured years; expected one of [2023]"),
    ],
)
def test_each_bad_value_is_named(tmp_path, column, value, expected):
    with pytest.raises(InputError) as err:
        check(tmp_path, broken(column=column, value=value))
    # data row 4 is line 5 of the CSV (line 1 is the header)
    assert_names(
        err,
        "Input table ORGANISATIECIJFERS in file",
        str(tmp_path / "figures.csv"),
        f"column {column}:",
        "data row 4 (line 5)",
        expected,
    )


def test_missing_column_is_named(tmp_path):
    text = "\n".join(
        "|".join(line.split("|")[:-2]) + "|" for line in FIGURES.strip().splitlines()
    )  # drops the denominator column
    with pytest.raises(InputError) as err:
        check(tmp_path, text)
    assert_names(err, "figures.csv", "missing required column(s): denominator", "columns found:")


def test_duplicate_key_is_named(tmp_path):
    text = FIGURES.rstrip() + "\n| buurtteam | caseload | 2023 | WK034403 | 4 | 100 |"
    with pytest.raises(InputError) as err:
        check(tmp_path, text)
    assert_names(err, "figures.csv", "key (source, indicator, year, area_code) is not unique")


def test_persons_more_than_denominator_is_an_error(tmp_path):
    with pytest.raises(InputError) as err:
        check(tmp_path, broken(column="numerator", value="101"))
    assert_names(
        err, "column numerator:", "data row 4 (line 5): '101 > 100'", "numerator <= denominator"
    )


def test_persons_not_whole_is_an_error(tmp_path):
    with pytest.raises(InputError) as err:
        check(tmp_path, broken(column="numerator", value="2.5"))
    assert_names(err, "column numerator:", "data row 4 (line 5)", "expected whole numbers")


def test_denominator_above_residents_error_or_warning(tmp_path):
    # caseload counts residents: 120 in Overvecht with 105 residents is an error
    with pytest.raises(InputError) as err:
        check(tmp_path, broken(column="denominator", value="120"))
    assert_names(
        err, "column denominator:", "data row 4 (line 5)",
        "'120 > 105 residents in WK034403 on 1 January 2023'", "denominator_kind is 'residents'",
    )  # fmt: skip
    # GP patients are persons who need not all be residents: a warning, the figures pass
    checked = check(tmp_path, broken(row=5, column="denominator", value="200"))
    assert len(checked.figures) == 5
    warning, partly = checked.warnings
    assert partly == GP_PARTLY.format(tmp_path / "figures.csv")
    assert "column denominator: 1 row(s)" in warning and "data row 5 (line 6)" in warning
    assert "'200 > 105 residents in WK034401 on 1 January 2023'" in warning
    # dwellings ('other') are not compared with residents
    other = FIGURES.rstrip() + "\n| corporatie | overlast | 2023 | GM0344 | 5 | 900 |"
    assert check(tmp_path, other).warnings == [GP_PARTLY.format(tmp_path / "figures.csv")]


def test_a_partner_file_without_the_gemeente_row_or_some_wijken_is_warned_about(tmp_path):
    """U4: a partner's file without the gemeente's row passed without a word; the pages then
    said "niet aangeleverd" for Utrecht. Complete figures are not warned about; an indicator
    given only for the gemeente is complete (no wijk given, none missing)."""
    complete = """
| source     | indicator     | year | area_code | numerator | denominator |
| buurtteam  | caseload      | 2023 | GM0344    | 60        | 300         |
| buurtteam  | caseload      | 2023 | WK034401  | 30        | 100         |
| buurtteam  | caseload      | 2023 | WK034402  | 27        | 100         |
| buurtteam  | caseload      | 2023 | WK034403  | 3         | 100         |
| huisartsen | consulten_psy | 2023 | GM0344    | 3         | 95          |
"""
    assert check(tmp_path, complete).warnings == []
    lines = complete.strip().splitlines()
    no_total = "\n".join(lines[:1] + lines[2:])  # caseload without its gemeente row
    (warning,) = check(tmp_path, no_total).warnings
    assert warning.startswith("buurtteam/caseload 2023 in ")
    assert "no row for the gemeente Utrecht (GM0344)." in warning
    one_wijk = "\n".join(lines[:4] + lines[5:])  # caseload without Overvecht
    (warning,) = check(tmp_path, one_wijk).warnings
    assert "no row for 1 of 3 wijken: Overvecht (WK034403)." in warning
    assert "gemeente Utrecht" not in warning


def test_bad_register_is_named(tmp_path):
    reg = REGISTER.replace("| events  | persons ", "| visits  | persons ")
    with pytest.raises(InputError) as err:
        check(tmp_path, register=reg)
    assert_names(
        err, "Input table ORGANISATIEINDICATOREN", "register.csv", "column unit:",
        "data row 1 (line 2): 'visits'", "one of ['persons', 'events']",
    )  # fmt: skip


def test_the_same_figure_in_two_files(tmp_path):
    reg = read_aggregate(ORGANISATION_INDICATORS.name, write(tmp_path / "register.csv", REGISTER))
    a = read_aggregate(ORGANISATION_FIGURES.name, write(tmp_path / "a.csv", FIGURES))
    b = read_aggregate(ORGANISATION_FIGURES.name, write(tmp_path / "b.csv", FIGURES, sep=","))
    with pytest.raises(InputError) as err:
        check_organisation_figures([a, b], reg, GEO, "geo.csv", GEMEENTE, [2023], POPULATION)
    assert_names(err, str(tmp_path / "b.csv"), "5 row(s) repeat a row of another file", "a.csv")


KWB = """
| WijkenEnBuurten | Gemeentenaam_1 | SoortRegio_2 | AantalInwoners_5 | k_0Tot15Jaar_8 | k_15Tot25Jaar_9 | k_25Tot45Jaar_10 | k_45Tot65Jaar_11 | k_65JaarOfOuder_12 | HuishoudensTotaal_29 | GemiddeldeHuishoudensgrootte_33 | Bevolkingsdichtheid_34 | GemiddeldInkomenPerInwoner_78 |
| NL01            | Nederland      | Land         | 17942940         | 2800000        | 2200000         | 4400000          | 4900000          | 3600000            | 8300000              | 2.1                             | 532                    | 32.0                          |
| GM0344          | Utrecht        | Gemeente     | 310              | 50             | 40              | 120              | 60               | 40                 | 150                  | 2.0                             | 3500                   | 30.1                          |
| WK034401        | Utrecht        | Wijk         | 105              | 20             | 15              | 40               | 20               | 10                 | 50                   | 2.1                             | 4000                   | .                             |
| WK034402        | Utrecht        | Wijk         | 100              | 15             | 10              | 40               | 20               | 15                 | 50                   | 2.0                             | 3000                   | 29.0                          |
| WK034403        | Utrecht        | Wijk         | 110              | 15             | 15              | 40               | 20               | 20                 | 50                   | 2.2                             | 3600                   | 28.5                          |
| WK036301        | Amsterdam      | Wijk         | 9000             | 1000           | 1000            | 4000             | 2000             | 1000               | 5000                 | 1.8                             | 9000                   | 35.0                          |
"""


def test_kerncijfers_statline_shape(tmp_path):
    read = read_aggregate(KERNCIJFERS.name, write(tmp_path / "kwb.csv", KWB))
    rows = check_kerncijfers(read, 2023, GEO, "geo.csv", GEMEENTE)
    # numbered StatLine columns found by name; other gemeenten and the country left out
    assert list(rows["area_code"]) == ["GM0344", "WK034401", "WK034402", "WK034403"]
    assert list(rows["AantalInwoners"]) == [310, 105, 100, 110]
    # StatLine's '.' is a hidden value: missing
    assert rows["GemiddeldInkomenPerInwoner"].isna().tolist() == [False, True, False, False]
    # the register against Kerncijfers, by hand: 105 vs 105, 100 vs 100, 105 vs 110, 310 vs 310
    check = inhabitants_check(rows, POPULATION, GEO)
    assert check["numerator"].tolist() == [310, 105, 100, 105]
    assert check["denominator"].tolist() == [310, 105, 100, 110]
    assert check["value"].round(6).tolist() == [1.0, 1.0, 1.0, round(105 / 110, 6)]
    assert check["n_denominator"].isna().all()
    assert [explained(a, b) for a, b in [(105, 105), (102, 100), (98, 100), (105, 110)]] == [
        "gelijk", "afronding", "afronding", "groter",
    ]  # fmt: skip


def test_kerncijfers_faults_are_named(tmp_path):
    missing = "\n".join(ln for ln in KWB.strip().splitlines() if "WK034402" not in ln)
    read = read_aggregate(KERNCIJFERS.name, write(tmp_path / "kwb.csv", missing))
    with pytest.raises(InputError) as err:
        check_kerncijfers(read, 2023, GEO, "geo.csv", GEMEENTE)
    assert_names(err, "KERNCIJFERS", "kwb.csv", "column WijkenEnBuurten: 1 area(s)", "WK034402")
    bad = KWB.replace("| 100              | 15 ", "| honderd          | 15 ")
    with pytest.raises(InputError) as err:
        read_aggregate(KERNCIJFERS.name, write(tmp_path / "kwb.csv", bad))
    # the column as the file names it
    assert_names(err, "column AantalInwoners_5:", "data row 4 (line 5): 'honderd'", "an integer")
    unknown = KWB.replace("WK034403 ", "WK034477 ")
    read = read_aggregate(KERNCIJFERS.name, write(tmp_path / "kwb.csv", unknown))
    with pytest.raises(InputError) as err:
        check_kerncijfers(read, 2023, GEO, "geo.csv", GEMEENTE)
    assert_names(err, "data row 5 (line 6): 'WK034477'", "not in the geography reference geo.csv")
    no_col = KWB.replace("AantalInwoners_5", "Inwoners_5")
    with pytest.raises(InputError) as err:
        read_aggregate(KERNCIJFERS.name, write(tmp_path / "kwb.csv", no_col))
    assert_names(err, "missing required column(s): AantalInwoners")


def test_config_paths():
    cfg = {
        "years": [2022, 2023],
        "organisation_figures": {"files": ["a.csv"], "indicators": ""},
        "public_figures": {"kerncijfers": "kwb.csv"},
    }
    with pytest.raises(ConfigError) as err:
        check_aggregate_paths(cfg)
    assert_names(err, "organisation_figures.indicators: empty", "public_figures.kerncijfers:")
    cfg["public_figures"]["kerncijfers"] = {"2022": "a.csv", "2023": "b.csv"}
    cfg["organisation_figures"]["indicators"] = "reg.csv"
    check_aggregate_paths(cfg)
    assert kerncijfers_path(cfg, 2023) == "b.csv"


def measures(tmp_path: Path) -> pd.DataFrame:
    checked = check(tmp_path)
    return organisation_measures(checked.figures, checked.indicators, GEO)


def test_primary_rule_on_counts_of_persons(tmp_path):
    """Overvecht's caseload of 3 persons is suppressed (primary), and one more wijk with it
    (secondary), since the wijken add up to the gemeente; the GP's 3 consultations are
    events: published, with no person count for the rule to judge."""
    rows = measures(tmp_path)
    safe, _ = protect(rows, 10, True, 0, GEO)
    status = dict(zip(safe["measure"] + " " + safe["area_code"], safe["status"], strict=True))
    assert status["buurtteam.caseload WK034403"] == "suppressed_primary"
    assert status["buurtteam.caseload GM0344"] == "ok"
    assert sorted(status[f"buurtteam.caseload {w}"] for w in ("WK034401", "WK034402")) == [
        "ok", "suppressed_secondary",
    ]  # fmt: skip
    assert status["huisartsen.consulten_psy WK034401"] == "ok"
    gp = safe[safe["measure"] == "huisartsen.consulten_psy"].iloc[0]
    assert gp["method"] == "per_1000" and gp["value"] == pytest.approx(1000 * 3 / 95)
    assert pd.isna(gp["n_numerator"]) and pd.isna(gp["n_denominator"])
    team = safe[(safe["measure"] == "buurtteam.caseload") & (safe["area_code"] == "GM0344")].iloc[0]
    assert team["method"] == "wilson" and team["value"] == pytest.approx(60 / 300)
    assert team["ci_lower"] < 0.2 < team["ci_upper"]
    # the released table passes the gate; an 'ok' row of 3 persons would not
    out = tmp_path / "export" / "organisaties" / "cijfers.csv"
    write_measures_csv(safe, out)
    assert check_export(tmp_path / "export", 10) == []
    write_measures_csv(rows, out)  # no disclosure control
    problems = check_export(tmp_path / "export", 10)
    assert len(problems) == 1 and "n_numerator=3 breaks the primary rule" in problems[0].message


def export(tmp_path: Path) -> Path:
    """A tiny export of the aggregate tables, made by the workflow's own steps."""
    from wijkzicht.disclosure.export import write_csv
    from wijkzicht.themes.aggregates import kerncijfers_table, measure_name

    root = tmp_path / "export"
    checked = check(tmp_path)
    safe, _ = protect(measures(tmp_path), 10, True, 0, GEO)
    write_measures_csv(safe, root / "organisaties/cijfers.csv")
    reg = checked.indicators.assign(
        measure=[measure_name(s, i) for s, i in zip(checked.indicators["source"], checked.indicators["indicator"], strict=True)]
    )  # fmt: skip
    write_csv(reg, root / "organisaties/indicatoren.csv")
    kwb = check_kerncijfers(
        read_aggregate(KERNCIJFERS.name, write(tmp_path / "kwb.csv", KWB)), 2023, GEO, "g", GEMEENTE
    )
    write_csv(kerncijfers_table(kwb, GEO), root / "kerncijfers/kerncijfers.csv")
    write_measures_csv(inhabitants_check(kwb, POPULATION, GEO), root / "kerncijfers/inwoners.csv")
    return root


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pages_cite_every_number_with_its_source(tmp_path, lang):
    from worlds import CITATION, _formatted

    from wijkzicht.outputs.aggregates import (
        Aggregates,
        dashboard_section,
        factsheet_rows,
        report_blocks,
    )
    from wijkzicht.outputs.document import Document, to_html

    root = export(tmp_path)
    agg = Aggregates.read_if_present(root)
    page = to_html(Document("t", lang, tuple(report_blocks(agg, lang))), root)
    page += "".join(factsheet_rows(agg, "WK034403", "GM0344", lang))
    page += dashboard_section(agg, lang)
    cited = CITATION.findall(page)
    assert len(cited) > 20
    for file, row, col, kind, shown in cited:
        cell = pd.read_csv(root / file, keep_default_na=False, na_values=[""]).loc[int(row), col]
        assert shown == _formatted(float(cell), kind, lang), (file, row, col)
    source = "Bron" if lang == "nl" else "Source"
    assert (
        f"{source}: Buurtteam Sociaal, 2023." in page
        and f"{source}: Huisartsen Utrecht, 2023." in page
    )
    # Overvecht's caseload of 3 is suppressed: its word, never a number
    suppressed = "onderdrukt" if lang == "nl" else "suppressed"
    row = factsheet_rows(agg, "WK034403", "GM0344", lang)[1]
    assert "Hulp buurtteam" in row or "Team help" in row
    assert suppressed in row
    # events per 1,000: the number cited, 'per 1.000 <denominator>' in the header: 3 / 95 -> 32
    head = (
        "Consulten psyche, per 1.000 patiënten (2023)"
        if lang == "nl"
        else "GP visits, per 1,000 patients (2023)"
    )
    assert head in page
    assert ("organisaties/cijfers.csv", "4", "value", "count", "32") in cited
    # the register against CBS: Overvecht 105 against 110, more than rounding
    words = "andere peildatum of wijkindeling" if lang == "nl" else "another reference date"
    assert words in page
    # CBS's income in thousands of euros shown in whole euros under a header in euros (was 27,00
    # under 'x 1.000 euro')
    income = [c for c in cited if c[2] == "GemiddeldInkomenPerInwoner"]
    assert income and all(c[3] == "euro_thousands" for c in income)
    assert all(re.fullmatch(r"\d{1,3}([.,]\d{3})+", c[4]) for c in income), income
    assert (
        "Gemiddeld inkomen per inwoner (euro)"
        if lang == "nl"
        else "Average income per inhabitant (euro)"
    ) in page


def test_synthetic_partners_and_kerncijfers_from_persons():
    """The synthetic sources from a hand-made person table: counts by hand, CBS's rounding to
    fives and hiding in small areas, deterministic from the seed."""
    from wijkzicht.synth import aggregates as synth

    rng = np.random.default_rng(1)
    n = 260  # West 150, Noordwest 60, Overvecht 40 (a small wijk: breakdowns hidden), 10 in no wijk
    wijk = ["WK034401"] * 150 + ["WK034402"] * 60 + ["WK034403"] * 40 + [None] * 10
    people = pd.DataFrame(
        {
            "year": 2023, "gemeente": "GM0344", "wijk": wijk, "age": rng.integers(0, 90, n),
            "psy": rng.random(n) < 0.2, "soc": np.arange(n) % 10 == 0,
            "huishouden": [f"H{i // 2}" for i in range(n)], "income": 30000.0,
            "low_income": np.arange(n) % 4 == 0,
        }
    )  # fmt: skip
    wijken = ["WK034401", "WK034402", "WK034403"]
    a = synth.organisation_figures(people, wijken, "GM0344", seed=3)
    b = synth.organisation_figures(people, wijken, "GM0344", seed=3)
    for stem in a:
        pd.testing.assert_frame_equal(a[stem], b[stem])
    team = a["buurtteam"].set_index("area_code")
    # every 10th person has a social-team trajectory: 15, 6 and 4 of 150, 60 and 40; 26 of 260
    assert team.loc[wijken, "numerator"].tolist() == [15, 6, 4]
    assert team.loc[wijken, "denominator"].tolist() == [150, 60, 40]
    assert team.loc["GM0344", ["numerator", "denominator"]].tolist() == [26, 260]
    kwb = synth.kerncijfers(people, GEO, "GM0344", seed=3)[2023].set_index("WijkenEnBuurten")
    assert kwb.loc[["GM0344", *wijken], "AantalInwoners_5"].tolist() == [260, 150, 60, 40]
    # households of two persons each: 75 and 30 in West and Noordwest; size 2.0
    assert kwb.loc["WK034401", "HuishoudensTotaal_29"] == 75
    assert kwb.loc["WK034402", "GemiddeldeHuishoudensgrootte_33"] == "2.0"
    # Overvecht has fewer than 50 inhabitants: breakdowns and income hidden as StatLine does
    assert (
        kwb.loc["WK034403", "k_0Tot15Jaar_8"] == "."
        and kwb.loc["WK034403", "GemiddeldInkomenPerInwoner_78"] == "."
    )
    assert kwb.loc["WK034401", "GemiddeldInkomenPerInwoner_78"] == "30.0"
    assert synth._round5([2, 3, 7, 12.5, 13]).tolist() == [0, 5, 5, 15, 15]


def test_no_sources_configured_gives_empty_tables(tmp_path):
    """Real data without partners' files or Kerncijfers: the checks and the export steps pass
    empty tables, and the pages leave the section out."""
    from wijkzicht.disclosure.export import write_csv
    from wijkzicht.inputs.aggregates import empty_kerncijfers, empty_register
    from wijkzicht.outputs.aggregates import Aggregates
    from wijkzicht.themes.aggregates import kerncijfers_table

    checked = check_organisation_figures(
        [], empty_register(), GEO, "g", GEMEENTE, [2023], POPULATION
    )
    rows = organisation_measures(checked.figures, checked.indicators, GEO)
    check_rows = inhabitants_check(empty_kerncijfers(), POPULATION, GEO)
    assert rows.empty and check_rows.empty
    root = tmp_path / "export"
    write_measures_csv(rows, root / "organisaties/cijfers.csv")
    write_csv(checked.indicators.assign(measure=""), root / "organisaties/indicatoren.csv")
    write_csv(kerncijfers_table(empty_kerncijfers(), GEO), root / "kerncijfers/kerncijfers.csv")
    write_measures_csv(check_rows, root / "kerncijfers/inwoners.csv")
    assert check_export(root, 10) == []
    assert Aggregates.read_if_present(root) is None


def test_newcomers_are_not_said_to_be_part_of_the_1_january_residents(tmp_path):
    """Newcomers came in during the year, so they are not 'x of the y inhabitants on 1 January':
    the report says how many came to live in a wijk, the inhabitants for comparison only."""
    from wijkzicht.outputs.aggregates import Aggregates, report_blocks
    from wijkzicht.outputs.document import Cell, Para, plain

    agg = Aggregates.read_if_present(export(tmp_path))
    x = Cell("nieuwkomers/measures.csv", 0, "n_denominator", 120.0, "count")
    for lang, theme, words in (
        ("nl", "nieuwkomers", r"^In 2023 kwamen 120 mensen in een wijk van \S+ wonen \(ter vergelijking: op 1 "
                              r"januari woonden er [\d.]+ mensen, CBS\)\."),
        ("en", "nieuwkomers", r"^In 2023, 120 people came to live in a wijk of \S+ \(for comparison: on 1 January, "
                              r"[\d,]+ people lived there, CBS\)\."),
        ("nl", "kopp", r"De kinderen in dit rapport zijn er 120 van\."),
    ):  # fmt: skip
        said = [
            plain(b.text, lang) for b in report_blocks(agg, lang, x, theme) if isinstance(b, Para)
        ]
        assert any(re.search(words, s) for s in said), (theme, said)
        assert not any("nieuwkomers in dit rapport zijn er" in s for s in said)


def test_a_region_file_keeps_each_gemeentes_own_rows(tmp_path):
    # a partner for the region (a JGZ, a GP cooperative) delivers one file with the areas of
    # every gemeente: in a region run each gemeente's job keeps its own rows (it stopped every
    # gemeente but one before); a gemeente outside the region stays an error
    region = FIGURES + (
        "| buurtteam  | caseload      | 2023 | GM0356    | 40        | 200         |\n"
        "| buurtteam  | caseload      | 2023 | WK035601  | 20        | 100         |\n"
    )
    reg = read_aggregate(ORGANISATION_INDICATORS.name, write(tmp_path / "register.csv", REGISTER))
    fig = read_aggregate(ORGANISATION_FIGURES.name, write(tmp_path / "figures.csv", region))
    args = ([fig], reg, GEO, "geography.csv", GEMEENTE, [2023], POPULATION)
    with pytest.raises(InputError, match="expected areas of GM0344 \\(the configured"):
        check_organisation_figures(*args)  # a single run: another gemeente's rows are an error
    checked = check_organisation_figures(*args, region=["GM0344", "GM0356"])
    assert list(checked.figures["area_code"]) == ["GM0344", "WK034401", "WK034402", "WK034403",
                                                  "WK034401"]  # fmt: skip
    assert list(checked.figures["_row"]) == [1, 2, 3, 4, 5]
    with pytest.raises(InputError) as err:
        check_organisation_figures(*args, region=["GM0344", "GM0355"])
    assert_names(
        err, "data row 6 (line 7)", "expected areas of the region's gemeenten GM0344, GM0355"
    )
