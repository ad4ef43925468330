"""The source-quality figures of a survey file that holds the respondents of a whole GGD region:
each gemeente counts its own respondents (those sampled in its strata), with the file's rows
beside them; a file of the gemeente alone gives the figures of the single run, unchanged."""

import duckdb
import pandas as pd

from wijkzicht.disclosure.export import write_csv
from wijkzicht.disclosure.linkage import releasable_quality
from wijkzicht.outputs.document import plain
from wijkzicht.outputs.source_quality import quality_section
from wijkzicht.population.linkage import filled_counts, own_respondents, quality_counts

# the region's survey file: 60 respondents in the strata of gemeente A (WK000101, WK000102),
# 40 in those of gemeente B; K10_01 missing for 12 of A's and 5 of B's respondents; 14 values of
# STRATUM stored as numbers had their leading zeros put back (counted over the whole file)
STRATA_A = ["000101", "000102"]
RECORD = {
    "table": "GEZOMONITOR", "year": 2022, "unkeyed": False, "n_rows": 100,
    "columns": [{"column": "STRATUM", "filled": 100, "repaired": 14, "dropped": 0},
                {"column": "K10_01", "filled": 83, "repaired": 0, "dropped": 0}],
}  # fmt: skip
SURVEY = pd.DataFrame({
    "STRATUM": ["000101"] * 36 + ["000102"] * 24 + ["000201"] * 40,
    "K10_01": [None] * 12 + [2.0] * 48 + [None] * 5 + [3.0] * 35,
})  # fmt: skip


def _own_counts(strata: list[str]) -> tuple[int, dict[str, int]]:
    """The counts the linkage report makes over the respondents in `strata`."""
    con = duckdb.connect()
    rel = con.from_df(SURVEY).filter(f"list_contains({strata!r}, STRATUM)")
    return filled_counts(rel, ["STRATUM", "K10_01"])


def _links(n_rows: int, n_gba: int) -> pd.DataFrame:
    return pd.DataFrame({"source": ["GEZOMONITOR"], "year": [2022], "n_rows": [n_rows],
                         "n_gba": [n_gba]})  # fmt: skip


def test_own_respondents_counted_over_the_gemeentes_strata():
    n, filled = _own_counts(STRATA_A)
    assert (n, filled) == (60, {"STRATUM": 60, "K10_01": 48})  # by hand from SURVEY
    rec = own_respondents(RECORD, n, filled)
    assert rec["n_rows"] == 60 and rec["n_rows_file"] == 100
    assert rec["columns"] == [{"column": "STRATUM", "filled": 60, "repaired": 14, "dropped": 0},
                              {"column": "K10_01", "filled": 48, "repaired": 0, "dropped": 0}]  # fmt: skip
    q = releasable_quality(quality_counts([rec], _links(60, 48), {}), 10).set_index("measure")
    assert q.loc["n_rows", "value"] == 60 and q.loc["n_rows_file", "value"] == 100
    complete = q.loc["share_complete"].set_index("column")["value"]
    assert complete["K10_01"] == 0.8 and complete["STRATUM"] == 1.0  # 48 / 60, 60 / 60
    assert q.loc["n_repaired", "value"] == 14  # the file's
    assert list(q.index) == ["n_rows", "n_rows_file", "share_complete", "share_complete",
                             "n_repaired", "n_dropped", "share_linked"]  # fmt: skip


def test_a_file_of_the_gemeente_alone_gives_the_single_runs_figures():
    """No respondent outside the strata: the record is used as counted by ingest (the linkage
    report replaces it only when the file holds others), no `n_rows_file` row."""
    q = releasable_quality(quality_counts([RECORD], _links(100, 90), {}), 10)
    assert "n_rows_file" not in set(q["measure"])
    assert q.loc[q["measure"] == "n_rows", "value"].tolist() == [100]


def test_report_line_says_the_file_holds_the_region(tmp_path):
    n, filled = _own_counts(STRATA_A)
    rec = own_respondents(RECORD, n, filled)
    q = releasable_quality(quality_counts([rec], _links(60, 48), {}), 10)
    write_csv(q, tmp_path / "linkage" / "bronkwaliteit.csv")
    nl = [plain(p, "nl") for p in quality_section(tmp_path, ["GEZOMONITOR"], "nl")[2].items]
    assert nl == [
        "Gezondheidsmonitor van de GGD (vragenlijst) (2022): 60 rijen van deelnemers uit deze "
        "gemeente (het bestand van de GGD-regio heeft 100 rijen); minst volledig: vragen "
        "psychische klachten (80,0% ingevuld); in het hele bestand bij 14 waarden voorloopnullen "
        "teruggezet; 80,0% gekoppeld."
    ]
    en = [plain(p, "en") for p in quality_section(tmp_path, ["GEZOMONITOR"], "en")[2].items]
    assert en[0].startswith(
        "The GGD health survey (questionnaire) (2022): 60 rows of respondents in this "
        "municipality (the file of the GGD region has 100 rows)"
    )
    # the single run's line is unchanged: no word of a region
    write_csv(releasable_quality(quality_counts([RECORD], _links(100, 90), {}), 10),
              tmp_path / "linkage" / "bronkwaliteit.csv")  # fmt: skip
    one = plain(quality_section(tmp_path, ["GEZOMONITOR"], "nl")[2].items[0], "nl")
    assert (
        one.startswith("Gezondheidsmonitor van de GGD (vragenlijst) (2022): 100 rijen; minst")
        and "regio" not in one
    )


def test_an_empty_text_value_is_not_filled_in():
    # as ingest counts it: RINPERSOON '' (a respondent not linked) and a missing K10 item
    rel = duckdb.connect().from_df(
        pd.DataFrame({"RINPERSOON": ["000000001", "", "000000003"], "K10_01": [1.0, None, 2.0]})
    )
    assert filled_counts(rel, ["RINPERSOON", "K10_01"]) == (3, {"RINPERSOON": 2, "K10_01": 2})


def _record(table: str, n_rows: int, filled: dict[str, int]) -> dict:
    return {
        "table": table, "year": 2023, "unkeyed": False, "n_rows": n_rows,
        "columns": [{"column": c, "filled": n, "repaired": 0, "dropped": 0} for c, n in filled.items()],
    }  # fmt: skip


def test_two_tables_of_one_source_have_two_names_and_a_full_table_says_so(tmp_path):
    """Fresh-user trial (nieuwkomers report): 'Inkomen van het huishouden (2023)' twice, for the
    income households (KOPPELPERSOONHUISHOUDEN) and their incomes (INHATAB); and 'minst
    volledig: persoonsnummer (100,0% ingevuld)' where nothing is missing."""
    records = [
        _record("KOPPELPERSOONHUISHOUDEN", 40, {"RINPERSOON": 40, "RINPERSOONHKW": 40}),
        _record("INHATAB", 200, {"RINPERSOONHKW": 200, "INHP100HBEST": 150}),
        # 3 of 100 missing: the share is suppressed (1..threshold-1 missing)
        _record("GBAPERSOONTAB", 100, {"RINPERSOON": 100, "GBAGESLACHT": 97}),
    ]
    links = pd.DataFrame({"source": ["KOPPELPERSOONHUISHOUDEN", "INHATAB", "GBAPERSOONTAB"],
                          "year": [2023] * 3, "n_rows": [40, 200, 100], "n_gba": [40, 200, 100]})  # fmt: skip
    write_csv(releasable_quality(quality_counts(records, links, {}), 10),
              tmp_path / "linkage" / "bronkwaliteit.csv")  # fmt: skip
    tables = ["KOPPELPERSOONHUISHOUDEN", "INHATAB", "GBAPERSOONTAB"]
    nl = [plain(p, "nl") for p in quality_section(tmp_path, tables, "nl")[2].items]
    assert nl == [
        "Inkomen van het huishouden, wie bij welk huishouden hoort (2023): 40 rijen; alle "
        "verplichte velden zijn volledig ingevuld; 100,0% gekoppeld.",
        # 150 of 200 incomes filled in: 75%
        "Inkomen van het huishouden, het inkomen per huishouden (2023): 200 rijen; minst volledig: "
        "inkomenspercentiel (75,0% ingevuld); 100,0% gekoppeld.",
        # not 'alle velden volledig' when a hidden share misses a few
        "Inwoners (basisregistratie personen) (2023): 100 rijen; minst volledig: geslacht (aandeel "
        "onderdrukt: te weinig lege waarden); 100,0% gekoppeld.",
    ]
    en = [plain(p, "en") for p in quality_section(tmp_path, tables, "en")[2].items]
    assert en[0].startswith("Household income, who belongs to which household (2023): 40 rows; "
                            "every required field is filled in completely")  # fmt: skip
    assert en[1].startswith("Household income, the income per household (2023)")
    assert "100,0% ingevuld" not in " ".join(nl) and "least complete" in en[1]
