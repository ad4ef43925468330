"""The Excel workbook for people: a Leeswijzer first, one readable sheet per measure (labels, not
codes; real numbers with percentage, ratio and count formats; `x` suppressed, `-` empty; ▲ ▼ and
trends in words from verschillen.csv), definitions and disclosure rules in words; every number
equals its cell in the CSVs; byte-identical on rerun; passes the export gate; English too."""

import io
import shutil
import zipfile

import openpyxl
import pandas as pd
import pytest
from worlds import check_workbook, config

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.export import read_measures_csv, write_csv, write_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.outputs import workbook
from wijkzicht.outputs.findings import findings
from wijkzicht.outputs.format import MODEL_BUURT, origin_unknown
from wijkzicht.themes.table import COLUMNS

GEM = ("gemeente", "GM0344", "Utrecht")
WIJKEN = [
    ("wijk", "WK034401", "West"),
    ("wijk", "WK034402", "Overvecht"),
    ("wijk", "WK034403", "Zuid"),
]


def _share(measure, definition, year, area, group, value, x, n, status="ok", theme="kopp"):
    lo, hi = (x / n - 0.02, x / n + 0.02) if n else (None, None)
    return dict(theme=theme, measure=measure, definition=definition, year=year, area_level=area[0],
                area_code=area[1], area_name=area[2], group=group, group_value=value, method="wilson",
                numerator=x, denominator=n, n_numerator=x, n_denominator=n, value=x / n if n else None,
                ci_lower=lo, ci_upper=hi, se=0.01 if n else None, status=status)  # fmt: skip


def _kopp() -> pd.DataFrame:
    rows = []
    counts = {  # year -> area -> (x, n): Overvecht high, Zuid low
        2022: {"GM0344": (600, 3000), "WK034401": (200, 1000), "WK034402": (300, 1000), "WK034403": (100, 1000)},
        2023: {"GM0344": (620, 3000), "WK034401": (210, 1000), "WK034402": (320, 1000), "WK034403": (90, 1000)},
    }  # fmt: skip
    for year, by_area in counts.items():
        for area in [GEM, *WIJKEN]:
            x, n = by_area[area[1]]
            rows.append(_share("kopp.aandeel", "breed", year, area, "totaal", "totaal", x, n))
            # by age: West's youngest suppressed in 2023, Zuid has no children of 12-17 (empty)
            status = "suppressed_primary" if (year, area[1]) == (2023, "WK034401") else "ok"
            rows.append(
                _share(
                    "kopp.aandeel", "breed", year, area, "leeftijd", "0-3", x // 2, n // 2, status
                )
            )
            young = (0, 0) if area[1] == "WK034403" else (x // 2, n // 2)
            rows.append(_share("kopp.aandeel", "breed", year, area, "leeftijd", "12-17", *young))
    m = pd.DataFrame(rows)
    trend = m[(m["year"] == 2023)].copy()
    trend = trend.assign(method="trend_logit", numerator=None, denominator=None, n_numerator=None,
                         n_denominator=None, value=1.05, ci_lower=1.01, ci_upper=1.09, se=0.02)  # fmt: skip
    trend.loc[trend["area_code"] == "WK034401", ["value", "ci_lower", "ci_upper", "se"]] = None
    trend.loc[trend["area_code"] == "WK034401", "status"] = "suppressed_secondary"
    return pd.concat([m, trend], ignore_index=True)[COLUMNS]


def _migratie() -> pd.DataFrame:
    """The odds ratios (gemeente only) and a survey share with respondents."""
    rows = []
    for year in (2022, 2023):
        for group, value, orr in (
            ("geslacht", "vrouw", 1.2),
            ("leeftijd", "30-44", 0.9),
            ("herkomst", "Marokko", 0.85),
        ):
            rows.append(dict(theme="migratie", measure="migratie.or_ggz", definition="ggz", year=year, area_level="gemeente",
                             area_code="GM0344", area_name="Utrecht", group=group, group_value=value, method="logit_glm",
                             numerator=300, denominator=3000, n_numerator=300, n_denominator=3000, value=orr,
                             ci_lower=orr - 0.1, ci_upper=orr + 0.1, se=0.05, status="ok"))  # fmt: skip
    for area in [GEM, *WIJKEN]:
        rows.append(dict(theme="migratie", measure="migratie.k10_hoog", definition="k10_hoog", year=2022,
                         area_level=area[0], area_code=area[1], area_name=area[2], group="totaal", group_value="totaal",
                         method="survey_taylor", numerator=1234.5, denominator=9876.5, n_numerator=40, n_denominator=300,
                         value=0.125, ci_lower=0.09, ci_upper=0.17, se=0.02, status="ok"))  # fmt: skip
    return pd.DataFrame(rows)[COLUMNS]


def _export(tmp_path):
    root = tmp_path / "export"
    files = []
    for theme, m in (("kopp", _kopp()), ("migratie", _migratie())):
        write_measures_csv(m, root / theme / "measures.csv")
        write_csv(
            findings(read_measures_csv(root / theme / "measures.csv")),
            root / theme / "verschillen.csv",
        )
        files += [root / theme / "measures.csv", root / theme / "verschillen.csv"]
    similar = pd.DataFrame({
        "year": 2023, "wijk": ["WK034401", "WK034401", "WK034402", "WK034402"],
        "wijk_name": ["West", "West", "Overvecht", "Overvecht"], "rank": [1, 2, 1, 2],
        "neighbour": ["WK034403", "WK034402", "WK034401", "WK034403"],
        "neighbour_name": ["Zuid", "Overvecht", "West", "Zuid"], "distance": [1.5, 2.5, 1.2, 3.0],
        "n_common": 3, "closest_indicators": "kopp.aandeel:breed:wilson;kopp.aandeel:breed:trend_logit",
    })  # fmt: skip
    write_csv(similar, root / "kopp" / "vergelijkbare_wijken.csv")
    files.append(root / "kopp" / "vergelijkbare_wijken.csv")
    (root / "linkage").mkdir()
    (root / "linkage" / "linkage.csv").write_text("source,year,n_rows\nGBAPERSOONTAB,,10\n")
    files.append(root / "linkage" / "linkage.csv")
    return root, [str(f) for f in files]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("workbook")
    root, files = _export(tmp)
    cfg = config()
    definitions = parse_definitions(cfg)
    out = {}
    for lang in ("nl", "en"):
        out[lang] = tmp / f"wijkzicht_{lang}.xlsx"
        workbook.build(root, files, definitions, out[lang], lang=lang, disclosure=cfg["disclosure"])
    return root, files, definitions, cfg, out


def _texts(path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [
        c.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]


def _table(ws) -> tuple[int, list]:
    """The header row (1-based) and its cells."""
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value and ws.cell(r, 1).font.b
                and ws.cell(r, 1).fill.fill_type)  # fmt: skip
    return head, [c.value for c in ws[head]]


def _row(ws, head, headers, **labels) -> dict:
    for r in range(head + 1, ws.max_row + 1):
        cells = {h: ws.cell(r, c + 1) for c, h in enumerate(headers)}
        if all(cells[h].value == v for h, v in labels.items()):
            return cells
    raise AssertionError(f"no row {labels}")


def test_reproducible_with_a_fixed_date_and_passes_the_gate(built, tmp_path):
    root, files, definitions, cfg, out = built
    again = tmp_path / "again.xlsx"
    workbook.build(root, files, definitions, again, lang="nl", disclosure=cfg["disclosure"])
    assert again.read_bytes() == out["nl"].read_bytes()
    with zipfile.ZipFile(io.BytesIO(again.read_bytes())) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 31, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2  # created and modified: not the clock
    assert check_export(out["nl"], 10) == [] and check_export(out["en"], 10) == []


def test_sheets_for_people(built):
    out = built[4]
    names = openpyxl.load_workbook(out["nl"]).sheetnames
    assert names == ["Leeswijzer", "Kinderen, ouder met problemen", "GGZ-zorg per groep vergeleken", "Psychische klachten (K10)",
                     "Vergelijkbare wijken", "Definities", "Privacy"]  # fmt: skip
    en = openpyxl.load_workbook(out["en"]).sheetnames
    assert en == ["Guide", "Children, parent w. problems", "Care by group compared", "Distress (K10)", "Similar wijken",
                  "Definitions", "Privacy"]  # fmt: skip
    assert all(len(n) <= 31 for n in names + en)


def test_every_number_equals_its_cell_and_a_changed_number_is_caught(built, tmp_path):
    root, files, definitions, cfg, out = built
    assert (
        check_workbook(out["nl"], root, "nl", definitions) == 122
    )  # 88 KOPP, 18 odds ratios, 16 K10 (counted by hand)
    assert check_workbook(out["en"], root, "en", definitions) == 122
    book = openpyxl.load_workbook(out["nl"])
    ws = book["Kinderen, ouder met problemen"]
    head, headers = _table(ws)
    _row(ws, head, headers, Gebied="Overvecht", Groep="Totaal")["2023"].value = 0.33
    book.save(tmp_path / "changed.xlsx")
    with pytest.raises(AssertionError):
        check_workbook(tmp_path / "changed.xlsx", root, "nl", definitions)


def test_measure_sheet_reads_as_words_and_real_numbers(built):
    out = built[4]
    ws = openpyxl.load_workbook(out["nl"])["Kinderen, ouder met problemen"]
    assert ws["A1"].value == "Kinderen van ouders met psychische problemen of verslaving"
    head, headers = _table(ws)
    assert headers == ["Uitsplitsing", "Groep", "Gebied", "2022", "2023", "Ondergrens 2023", "Bovengrens 2023",
                       "Aantal dat meetelt 2023", "Totaal in de groep 2023", "Vergeleken met de rest van de gemeente (2023)", "Trend 2022-2023",
                       "Trend: odds ratio per jaar (1 = gelijk)", "Trend ondergrens", "Trend bovengrens"]  # fmt: skip
    assert ws.freeze_panes == f"A{head + 1}" and ws.auto_filter.ref.startswith(f"A{head}:")
    notes = " ".join(str(ws.cell(r, 1).value) for r in range(2, head))
    assert "Holm" in notes and "z-toets voor twee proporties" in notes and "3 wijken" in notes
    assert "Berekening: ruw percentage" in notes and "x = onderdrukt" in notes and "Bron:" in notes
    city = _row(ws, head, headers, Gebied="Utrecht (hele gemeente)", Groep="Totaal")
    assert city["2023"].value == pytest.approx(620 / 3000) and city["2023"].number_format == "0.0%"
    assert (
        city["Totaal in de groep 2023"].value == 3000
        and city["Totaal in de groep 2023"].number_format == "#,##0"
    )
    assert (
        city["Gebied"].font.b
        and city["Vergeleken met de rest van de gemeente (2023)"].value is None
    )
    assert (
        city["Trend 2022-2023"].value == "stijgt licht"
    )  # 1,05 (1,01-1,09) a year at 20%: clear, but +4%
    high = _row(ws, head, headers, Gebied="Overvecht", Groep="Totaal")
    assert high["2023"].number_format == '0.0%" ▲"'
    assert high["Vergeleken met de rest van de gemeente (2023)"].value == "▲ hoger"
    low = _row(ws, head, headers, Gebied="Zuid", Groep="Totaal")
    assert low["2023"].number_format == '0.0%" ▼"'
    suppressed = _row(ws, head, headers, Gebied="West", Groep="0-3 jaar")
    assert suppressed["2023"].value == "x" and suppressed["Aantal dat meetelt 2023"].value == "x"
    assert suppressed["2022"].value == pytest.approx(0.2)
    assert _row(ws, head, headers, Gebied="West", Groep="Totaal")["Trend 2022-2023"].value == "x"
    empty = _row(ws, head, headers, Gebied="Zuid", Groep="12-17 jaar")
    assert empty["2023"].value == "-" and empty["Ondergrens 2023"].value == "-"


def test_odds_ratios_name_their_reference_group_and_survey_counts_respondents(built):
    out = built[4]
    book = openpyxl.load_workbook(out["nl"])
    ws = book["GGZ-zorg per groep vergeleken"]
    head, headers = _table(ws)
    assert "Vergeleken met" in headers
    ref = {ws.cell(r, 2).value: ws.cell(r, headers.index("Vergeleken met") + 1).value
           for r in range(head + 1, ws.max_row + 1)}  # fmt: skip
    assert ref == {
        "Vrouw": "Man",
        "30-44 jaar": "Jongste leeftijdsgroep (18-29 jaar)",
        "Marokko": "Nederlandse herkomst",
    }
    row = _row(ws, head, headers, Groep="Vrouw")
    assert row["2023"].value == 1.2 and row["2023"].number_format == "0.00"
    ws = book["Psychische klachten (K10)"]
    head, headers = _table(ws)
    assert "Respondenten 2022" in headers and "Aantal dat meetelt 2022" not in headers
    assert _row(ws, head, headers, Gebied="West")["Respondenten 2022"].value == 300


def test_a_survey_sheet_says_it_compared_with_the_city_as_a_whole(built):
    """A survey share is tested against the city, the wijk in it (findings: z_independent), not
    against the rest of the municipality: the verdict's column and the marks line say so."""
    out = built[4]
    for lang, sheet, area, column, verdict, line in (
        ("nl", "Psychische klachten (K10)", "Gebied", "Vergeleken met de gemeente als geheel (2022)",
         "geen duidelijk verschil", "▲ ▼: de wijk verschilt duidelijk van de gemeente als geheel (z-toets op wijk en gemeente)"),
        ("en", "Distress (K10)", "Area", "Against the municipality as a whole (2022)",
         "no clear difference", "▲ ▼: the wijk clearly differs from the municipality as a whole (z test on wijk and municipality)"),
    ):  # fmt: skip
        ws = openpyxl.load_workbook(out[lang])[sheet]
        head, headers = _table(ws)
        assert _row(ws, head, headers, **{area: "West"})[column].value == verdict
        notes = " ".join(str(ws.cell(r, 1).value) for r in range(2, head))
        assert line in notes and "rest" not in notes


def test_guide_definitions_and_privacy_in_words(built):
    out = built[4]
    book = openpyxl.load_workbook(out["nl"])
    guide = [str(c.value) for row in book["Leeswijzer"].iter_rows() for c in row if c.value]
    text = " ".join(guide)
    for words in (
        "Holm",
        "z-toets voor twee proporties",
        "95%",
        "Onderdrukt",
        "Geen personen",
        "hooguit 5%",
        "basisregistratie personen",
        "Gezondheidsmonitor van de GGD",
        "2022 tot en met 2023",
        # a standardised figure carries the crude counts (disclosure.cell_counts)
        "geslacht onbekend is niet mee. De aantallen erbij zijn die van alle personen",
    ):
        assert words in text, words
    # suppressed: too few persons, or it could be worked out (secondary suppression), in the
    # words of the figures and the report
    assert guide[guide.index("x") + 1].startswith(
        "Onderdrukt: te weinig personen, of anders terug te rekenen"
    )
    assert guide[guide.index("-") + 1].startswith("Geen personen")
    links = [
        c.hyperlink.location for row in book["Leeswijzer"].iter_rows() for c in row if c.hyperlink
    ]
    assert "'Kinderen, ouder met problemen'!A1" in links and "'Privacy'!A1" in links
    definitions = built[2]
    defs = [c.value for row in book["Definities"].iter_rows() for c in row if c.value]
    assert definitions.kopp.definitions["breed"].describe("nl") + "." in defs
    assert definitions.conditions["ggz"].describe("nl") + "." in defs
    privacy = " ".join(str(c.value) for row in book["Privacy"].iter_rows() for c in row if c.value)
    assert "van 1 tot en met 9" in privacy and "De drempel is 10" in privacy
    # a trend row may be suppressed to protect another cell, its years all shown (K10 by
    # generatie in the fresh-user trial): the sheet says so, not only 'a year is suppressed'
    assert (
        "Soms staat er ook bij de trend een x terwijl de cijfers van alle jaren er staan" in privacy
    )
    en = openpyxl.load_workbook(out["en"])["Privacy"]
    assert "Sometimes a trend shows x while the figures of all its years are shown" in " ".join(
        str(c.value) for row in en.iter_rows() for c in row if c.value
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_codes_paths_or_table_names_for_people(built, lang):
    texts = _texts(built[4][lang])
    joined = "\n".join(texts)
    for code in ("GM0344", "WK0344", "wilson", "trend_logit", "logit_glm", "kopp.aandeel", "GBAPERSOONTAB",
                 "measures.csv", "results/", ">=", "{", "suppressed_primary"):  # fmt: skip
        assert code not in joined, code
    if lang == "en":
        assert (
            "Lower bound 2023" in texts
            and "▲ higher" in texts
            and "Utrecht (whole municipality)" in texts
        )
        assert not any(w in joined for w in ("onderdrukt", "Ondergrens", "Gebied"))


def test_sheet_titles_are_valid_and_unique():
    used = set()
    assert workbook.sheet_title("a/b:c*d?e[f]", used) == "a b c d e f"
    long = "x" * 40
    assert workbook.sheet_title(long, used) == "x" * 31
    assert workbook.sheet_title(long, used) == "x" * 29 + " 2"
    assert (
        workbook.sheet_title("A B C D E F", used) == "A B C D E F 2"
    )  # case-insensitive, as Excel


def test_the_leeswijzer_states_the_configured_slight_share(built, tmp_path):
    # config findings.slight reaches the Leeswijzer's trend rule (the job's parameter `slight`)
    root, files, definitions, cfg, out = built
    assert any("minder dan 10% van zichzelf" in t for t in _texts(out["nl"]))
    other = tmp_path / "slight.xlsx"
    workbook.build(
        root, files, definitions, other, lang="nl", disclosure=cfg["disclosure"], slight=0.2
    )
    texts = _texts(other)
    assert any("minder dan 20% van zichzelf" in t for t in texts)
    assert not any("minder dan 10% van zichzelf" in t for t in texts)


def test_similar_wijken_say_when_they_are_alike_in_how_figures_change(built):
    # West's closest indicators: the breed share and its trend (kopp.aandeel:breed:trend_logit)
    ws = openpyxl.load_workbook(built[4]["nl"])["Vergelijkbare wijken"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "West")
    # named once, alike in value and in trend (similar_wijken, b8901a9)
    assert row[4] == "brede definitie (het cijfer en hoe het verandert)", row
    assert "ontwikkeling" not in row[4]


def test_the_leeswijzer_says_a_buurt_model_estimate_leans_on_its_wijk(built, tmp_path):
    root, files, definitions, cfg, out = built
    assert not any(
        MODEL_BUURT["nl"] in t for t in _texts(out["nl"])
    )  # no model estimates: not said
    copy = tmp_path / "export"
    shutil.copytree(root, copy)
    m = read_measures_csv(copy / "migratie" / "measures.csv")
    est = m[m["measure"] == "migratie.k10_hoog"].assign(method="modelschatting", value=0.12, ci_lower=0.09,
                                                       ci_upper=0.15, se=0.015)  # fmt: skip
    write_measures_csv(pd.concat([m, est], ignore_index=True), copy / "migratie" / "measures.csv")
    again = tmp_path / "model.xlsx"
    workbook.build(copy, [f.replace(str(root), str(copy)) for f in files], definitions, again, lang="nl",
                   disclosure=cfg["disclosure"])  # fmt: skip
    texts = _texts(again)
    assert any(MODEL_BUURT["nl"] in t for t in texts)
    assert not any("gebruik hem om te vergelijken" in t for t in texts)


def test_the_leeswijzer_says_the_technical_terms_in_plain_words_first(built):
    texts = " ".join(_texts(built[4]["nl"]))
    for plain_first in (
        "met een toets of het verschil groter is dan toeval (z-toets voor twee proporties)",
        "Gecorrigeerd voor leeftijd en geslacht (gestandaardiseerd): het percentage",
        "Een kans vergeleken met een andere groep (odds ratio)",
        "hoeveel de kans per jaar verandert (odds ratio per jaar; 1 = gelijk)",
        "corrigeren we voor het aantal wijken (methode van Holm)",
    ):
        assert plain_first in texts, plain_first
    en = " ".join(_texts(built[4]["en"]))
    assert "with a test whether the difference is larger than chance (two-proportion z test)" in en
    assert "Adjusted for age and sex (standardised): the percentage" in en


def test_the_leeswijzer_names_the_standard_population_of_a_standardised_figure(built, tmp_path):
    """A standardised figure is recalculated to the adults of the run's first year (the first year
    of its rows), not to 'the whole gemeente' of its own year: the Leeswijzer names that year."""
    root, files, definitions, cfg, out = built
    assert "net zo veel jonge en oude" not in " ".join(_texts(out["nl"]))
    copy = tmp_path / "export"
    shutil.copytree(root, copy)
    m = read_measures_csv(copy / "migratie" / "measures.csv")
    std = [
        dict(m.iloc[0])
        | dict(
            measure="migratie.ggz",
            definition="ggz",
            year=year,
            group="totaal",
            group_value="totaal",
            method="direct_std_gamma",
            value=0.09,
            ci_lower=0.08,
            ci_upper=0.1,
            se=0.005,
        )  # fmt: skip
        for year in (2023, 2021)
    ]
    write_measures_csv(
        pd.concat([m, pd.DataFrame(std)], ignore_index=True), copy / "migratie" / "measures.csv"
    )
    for lang, words in (
        (
            "nl",
            "dezelfde opbouw naar leeftijd en geslacht had als de volwassenen in Utrecht in 2021.",
        ),
        ("en", "the same make-up by age and sex as the adults in Utrecht in 2021,"),
    ):
        again = tmp_path / f"std_{lang}.xlsx"
        workbook.build(copy, [f.replace(str(root), str(copy)) for f in files], definitions, again, lang=lang,
                       disclosure=cfg["disclosure"])  # fmt: skip
        assert words in " ".join(_texts(again)), lang
        # what it makes fair to compare: in a GGD region run (one standard for all its
        # gemeenten) the gemeenten of the region too
        single = {"nl": "Zo kunt u wijken, groepen en jaren eerlijker vergelijken",
                  "en": "so that wijken, groups and years compare more fairly"}[lang]  # fmt: skip
        assert single in " ".join(_texts(again)), lang
        region = tmp_path / f"std_{lang}_region.xlsx"
        workbook.build(copy, [f.replace(str(root), str(copy)) for f in files], definitions, region,
                       lang=lang, disclosure=cfg["disclosure"],
                       standard=["Utrecht", "Nieuwegein"])  # fmt: skip
        both = {"nl": "Zo kunt u wijken, groepen, jaren en de gemeenten van de regio eerlijker "
                      "vergelijken",
                "en": "so that wijken, groups, years and the municipalities of the region compare "
                      "more fairly"}[lang]  # fmt: skip
        assert both in " ".join(_texts(region)), lang


def test_the_leeswijzer_says_what_an_unknown_previous_address_means(built, tmp_path):
    root, files, definitions, cfg, out = built
    assert not any("Vorig adres onbekend" in t for t in _texts(out["nl"]))  # no newcomers: not said
    copy = tmp_path / "export"
    shutil.copytree(root, copy)
    m = read_measures_csv(copy / "kopp" / "measures.csv")
    nk = m[m["group"] == "totaal"].assign(
        theme="kopp", measure="kopp.aandeel", group="origin", group_value="onbekend"
    )
    write_measures_csv(pd.concat([m, nk], ignore_index=True), copy / "kopp" / "measures.csv")
    again = tmp_path / "origin.xlsx"
    workbook.build(copy, [f.replace(str(root), str(copy)) for f in files], definitions, again, lang="nl",
                   disclosure=cfg["disclosure"])  # fmt: skip
    guide = [
        str(c.value)
        for row in openpyxl.load_workbook(again)["Leeswijzer"].iter_rows()
        for c in row
        if c.value
    ]
    i = guide.index("Vorig adres onbekend (nieuwkomers)")
    # the same words as the report's reading guide and the key messages (format.origin_unknown)
    assert guide[i + 1] == origin_unknown("nl")
    assert "Voor wie uit het buitenland komt, zijn de kenmerken van kwetsbaarheid" in guide[i + 1]


def test_the_leeswijzer_names_the_model_covariates_from_the_config(built, tmp_path):
    root, files, definitions, cfg, out = built
    copy = tmp_path / "export"
    shutil.copytree(root, copy)
    m = read_measures_csv(copy / "migratie" / "measures.csv")
    est = m[m["measure"] == "migratie.k10_hoog"].assign(method="modelschatting")
    write_measures_csv(pd.concat([m, est], ignore_index=True), copy / "migratie" / "measures.csv")
    again = tmp_path / "model.xlsx"
    workbook.build(copy, [f.replace(str(root), str(copy)) for f in files], definitions, again, lang="nl",
                   disclosure=cfg["disclosure"], small_area={"factors": ["leeftijd", "inkomen"], "flags": ["ggz"]})  # fmt: skip
    text = " ".join(_texts(again))
    assert "gegevens die van alle inwoners bekend zijn (leeftijd, inkomen en GGZ-zorg)." in text
    assert "zorggebruik" not in text
    # no covariates configured (the schema allows factors {} and flags []): no ' ()'
    workbook.build(copy, [f.replace(str(root), str(copy)) for f in files], definitions, again, lang="nl",
                   disclosure=cfg["disclosure"], small_area={"factors": {}, "flags": []})  # fmt: skip
    text = " ".join(_texts(again))
    assert "gegevens die van alle inwoners bekend zijn." in text and "()" not in text


def test_definitions_in_plain_sentences_with_the_exact_wording_beside_them(built):
    """A sheet's 'Definitie:' line is the plain sentence with names (labels.plain_definition, as
    the dashboard and the report); the sheet Definities has it beside the exact wording (column
    Precieze definitie: thresholds, codelists) for the epidemiologist."""
    from wijkzicht.outputs.labels import definition_text, plain_definition

    definitions, out = built[2], built[4]
    book = openpyxl.load_workbook(out["nl"])
    about = str(book["Kinderen, ouder met problemen"]["A2"].value)
    plain = plain_definition("nl", "kopp.aandeel", "breed", definitions)
    assert f"Definitie: {plain}" in about and "hoger dan 0" not in about and ".." not in about
    assert definition_text("nl", "kopp.aandeel", "breed", definitions) not in about
    ws = book["Definities"]
    assert [c.value for c in ws[3]][:4] == [
        "Cijfer",
        "Definitie",
        "Wat telt mee",
        "Precieze definitie",
    ]
    rows = {r[1].value: (r[2].value, r[3].value) for r in ws.iter_rows(min_row=4) if r[1].value}
    plain, exact = rows["brede definitie"]
    assert plain == plain_definition("nl", "kopp.aandeel", "breed", definitions)
    assert exact == definition_text("nl", "kopp.aandeel", "breed", definitions) + "."
    assert "hoger dan 0" in exact and "hoger dan 0" not in plain


def test_a_trend_in_percentage_points_is_formatted_as_points_not_percent(tmp_path):
    """A standardised figure's trend per year (trend_wls) is a change in percentage points: its
    cell keeps the CSV's proportion (0.0042) and shows '+0,42%-punt' / '+0.42% points', not
    '+0,42%' (a relative change to a reader); an odds-ratio trend keeps 0.00."""
    rows = []
    for year, value in ((2022, 0.090), (2023, 0.094)):
        for area in (GEM, *WIJKEN):
            r = _share("migratie.ggz", "ggz", year, area, "totaal", "totaal", value * 3000, 3000,
                       theme="migratie")  # fmt: skip
            rows.append(r | {"method": "direct_std_gamma"})
    for area, value in ((GEM, 0.0042), (WIJKEN[0], -0.0031)):
        rows.append(dict(rows[0], area_level=area[0], area_code=area[1], area_name=area[2], year=2023,
                         method="trend_wls", numerator=None, denominator=None, n_numerator=None,
                         n_denominator=None, value=value, ci_lower=value - 0.002, ci_upper=value + 0.002,
                         se=0.001))  # fmt: skip
    root = tmp_path / "export"
    write_measures_csv(pd.DataFrame(rows)[COLUMNS], root / "migratie" / "measures.csv")
    m = read_measures_csv(root / "migratie" / "measures.csv")
    write_csv(findings(m), root / "migratie" / "verschillen.csv")
    files = [str(root / "migratie" / f) for f in ("measures.csv", "verschillen.csv")]
    cfg = config()
    for lang, header, unit in (
        ("nl", "Trend: verandering per jaar (procentpunten)", '%"-punt"'),
        ("en", "Trend: change per year (percentage points)", '%" points"'),
    ):
        out = tmp_path / f"{lang}.xlsx"
        workbook.build(
            root, files, parse_definitions(cfg), out, lang=lang, disclosure=cfg["disclosure"]
        )
        book = openpyxl.load_workbook(out)
        ws = book[workbook.SHEETS[lang]["migratie.ggz"]]
        head, headers = _table(ws)
        cells = [ws.cell(r, headers.index(header) + 1) for r in range(head + 1, ws.max_row + 1)]
        shown = [c for c in cells if isinstance(c.value, float)]
        assert sorted(c.value for c in shown) == [-0.0031, 0.0042], lang  # the CSV's cells
        for c in shown:
            sections = c.number_format.split(";")
            assert len(sections) == 3 and all(s.endswith(unit) for s in sections), c.number_format


def test_a_model_estimates_withheld_respondents_are_marked_suppressed(built, tmp_path):
    """A model estimate published without its respondents (its wijk's survey row suppressed,
    model_estimates rule 4) gets the CBS sign for a secret number in the respondents column,
    not an empty cell; one with its respondents shows them."""
    root, files, definitions, cfg, _ = built
    copy = tmp_path / "export"
    shutil.copytree(root, copy)
    m = read_measures_csv(copy / "migratie" / "measures.csv")
    est = m[m["measure"] == "migratie.k10_hoog"].assign(
        method="modelschatting", value=0.12, ci_lower=0.09, ci_upper=0.15, se=0.015
    )
    est.loc[est["area_code"] == "WK034401", "n_denominator"] = None
    write_measures_csv(pd.concat([m, est], ignore_index=True), copy / "migratie" / "measures.csv")
    again = tmp_path / "model.xlsx"
    workbook.build(copy, [f.replace(str(root), str(copy)) for f in files], definitions, again,
                   lang="nl", disclosure=cfg["disclosure"])  # fmt: skip
    ws = openpyxl.load_workbook(again)["Psychische klachten (K10)"]
    head, headers = _table(ws)
    model = [
        {h: ws.cell(r, c + 1).value for c, h in enumerate(headers)}
        for r in range(head + 1, ws.max_row + 1)
        if ws.cell(r, headers.index("Berekening") + 1).value.startswith("modelschatting")
    ]
    respondents = {r["Gebied"]: r["Respondenten 2022"] for r in model}
    assert respondents["West"] == "x"
    assert respondents["Overvecht"] == 300


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_leeswijzer_says_where_the_intervals_of_earlier_years_are(built, lang):
    """The sheets give the interval of the last year only (a reader asked where the others are,
    U10): the Leeswijzer says so and names the dashboard, where every year has its interval."""
    text = " ".join(_texts(built[4][lang]))
    if lang == "nl":
        assert (
            "voor het laatste jaar. Die van eerdere jaren toont het dashboard: kies daar een jaar."
            in text
        )
    else:
        assert (
            "for the last year. The dashboard shows those of earlier years: choose a year there."
            in text
        )
