"""The workbook holds the organisation figures and CBS's inhabitants beside the register's, which
the dashboard, the reports and the factsheets show: a professional who works from the xlsx did
not see them, and its Leeswijzer did not name their sources and years (a new user, U3 F5)."""

import openpyxl
import pytest
from test_aggregates import export as aggregate_export
from test_workbook import _export
from worlds import check_aggregate_sheet, check_workbook, config

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.outputs import workbook
from wijkzicht.outputs.aggregates import INDICATORS, INWONERS, KWB, ORG


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("r9wb")
    root, files = _export(tmp)
    aggregate_export(tmp)  # the same root: tmp/export
    files += [str(root / rel) for rel in (ORG, INDICATORS, KWB, INWONERS)]
    cfg = config()
    defs = parse_definitions(cfg)
    out = {}
    for lang in ("nl", "en"):
        out[lang] = tmp / f"wb_{lang}.xlsx"
        workbook.build(root, files, defs, out[lang], lang=lang, disclosure=cfg["disclosure"])
    # without the aggregate files among its inputs: no such sheets
    out["without"] = tmp / "wb_without.xlsx"
    workbook.build(root, files[:-4], defs, out["without"], lang="nl", disclosure=cfg["disclosure"])
    return root, out


def rows(ws, head: str) -> tuple[list, list[list]]:
    """The header row (the first whose first cell is `head`) and the rows under it."""
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    i = next(i for i, r in enumerate(values) if r[0] == head)
    return values[i], [r for r in values[i + 1 :] if r[1] is not None]


@pytest.mark.parametrize(
    "lang,org_name,inh_name,figure,area",
    [
        ("nl", "Cijfers van organisaties", "Inwoners CBS en register", "Cijfer", "Gebied"),
        ("en", "Figures of organisations", "Inhabitants CBS and register", "Figure", "Area"),
    ],
)
def test_the_organisation_figures_and_inhabitants_have_their_sheets(
    books, lang, org_name, inh_name, figure, area
):
    root, out = books
    wb = openpyxl.load_workbook(out[lang])
    assert org_name in wb.sheetnames and inh_name in wb.sheetnames
    org = read_measures_csv(root / ORG)
    head, body = rows(wb[org_name], figure)
    assert head[:3] == [figure, area, "2023"]
    col = head.index("2023")
    src = head.index("Bron" if lang == "nl" else "Source")
    label = {"nl": "Hulp buurtteam", "en": "Team help"}[lang]
    team = {r[1]: r for r in body if r[0] == label}
    # every number its cell; suppressed 'x', kept apart from empty '-'
    for _, r in org[org["measure"] == "buurtteam.caseload"].iterrows():
        name = r["area_name"] + (
            (" (hele gemeente)" if lang == "nl" else " (whole municipality)")
            if r["area_level"] == "gemeente"
            else ""
        )
        got = team[name][col]
        if r["status"] == "ok":
            assert got == pytest.approx(r["value"]), name
        else:
            assert got == "x", name
        assert team[name][src] == "Buurtteam Sociaal"
    assert any(team[n][col] == "x" for n in team)  # Overvecht's 3 persons (test_aggregates)
    # a rate per 1,000 is named so in its first column, a whole number format
    rate = [
        r for r in body if str(r[0]).startswith("Consulten psyche" if lang == "nl" else "GP visits")
    ]
    assert rate and ("per 1.000 patiënten" if lang == "nl" else "per 1,000 patients") in rate[0][0]
    # no codes anywhere on the sheet
    text = " ".join(str(v) for r in wb[org_name].iter_rows(values_only=True) for v in r if v)
    assert "buurtteam.caseload" not in text and "WK0344" not in text and "GM0344" not in text

    inw = read_measures_csv(root / INWONERS)
    head, body = rows(wb[inh_name], area)
    cbs = head.index("CBS 2023")
    reg = head.index(("Basisregistratie" if lang == "nl" else "Register") + " 2023")
    by_name = {str(r[0]).split(" (")[0]: r for r in body}
    for _, r in inw.iterrows():
        line = by_name[r["area_name"]]
        assert line[cbs] == r["denominator"]
        assert line[reg] == (r["numerator"] if r["status"] == "ok" else "x")


def test_the_leeswijzer_lists_their_sources_and_years(books):
    _, out = books
    guide = openpyxl.load_workbook(out["nl"])["Leeswijzer"]
    lines = {r[0]: r[1] for r in guide.iter_rows(values_only=True) if r[0]}
    assert "Cijfers van organisaties" in lines  # the contents, with a link
    assert "Huisartsen Utrecht: consulten psyche" in lines["Organisaties"]
    assert "Buurtteam Sociaal" in lines["Organisaties"]
    assert lines["Jaren: Cijfers van organisaties"] == "2023"
    assert lines["CBS (openbare cijfers)"].startswith("Kerncijfers wijken en buurten")
    assert lines["Jaren: Inwoners CBS en register"] == "2023"


def test_without_the_aggregate_files_there_are_no_such_sheets(books):
    _, out = books
    wb = openpyxl.load_workbook(out["without"])
    assert "Cijfers van organisaties" not in wb.sheetnames
    assert not any(r[0] == "Organisaties" for r in wb["Leeswijzer"].iter_rows(values_only=True))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_cited_number_check_covers_the_new_sheets(books, lang):
    # the e2e check of the workbook (worlds.check_workbook) said 'the other sheets hold no
    # numbers'; it now checks these sheets' numbers against their tables, and catches a change
    root, out = books
    wb = openpyxl.load_workbook(out[lang])
    t = workbook.TEXT[lang]
    n_org = check_aggregate_sheet(wb[t["org"]], root, lang)
    n_inh = check_aggregate_sheet(wb[t["inhabitants"]], root, lang)
    assert n_org >= 5 and n_inh >= 5
    assert check_workbook(out[lang], root, lang, parse_definitions(config())) > n_org + n_inh
    ws = wb[t["org"]]
    cell = next(c for r in ws.iter_rows() for c in r if isinstance(c.value, float))
    cell.value += 0.001
    with pytest.raises(AssertionError):
        check_aggregate_sheet(ws, root, lang)


def test_the_leeswijzer_says_what_changed_since_the_previous_release(tmp_path):
    # the dashboard, factsheets and workbook said nothing about a previous release; whoever
    # works from the xlsx did not learn that figures moved (a new user, U3 F17)
    from test_r9_changes import releases

    from wijkzicht.release.changes import rows as changed_rows

    root, files = _export(tmp_path)
    old, new = releases()
    changed_rows(old, new).to_csv(root / "changes.csv", index=False)
    cfg = config()
    defs = parse_definitions(cfg)
    lines = {}
    for lang, with_changes in (("nl", True), ("en", True), ("nl", False)):
        out = tmp_path / f"wb_{lang}_{with_changes}.xlsx"
        given = [*files, str(root / "changes.csv")] if with_changes else files
        workbook.build(root, given, defs, out, lang=lang, disclosure=cfg["disclosure"])
        guide = openpyxl.load_workbook(out).worksheets[0]
        lines[lang, with_changes] = {r[0]: r[1] for r in guide.iter_rows(values_only=True) if r[0]}
    nl = lines["nl", True]
    assert "Wat is veranderd sinds de vorige uitgave" in nl
    assert "privacyregels" in nl["Waarom cijfers veranderen"]
    kopp = "Kinderen van ouders met psychische problemen of verslaving"
    assert nl[kopp] == (
        # a kind counted once in the singular, as the report says it (R7: '1 nieuwe cijfers')
        "2 cijfers veranderd, 1 nu onderdrukt, 1 nu wel gepubliceerd en 1 nieuw cijfer."
    )
    assert nl["De andere cijfers"] == "Niets veranderd."  # migratie's measures, one line
    assert "changes.csv" in nl["Welke cijfers precies"]
    en = lines["en", True]
    assert en["Children of parents with mental-health problems or addiction"].startswith(
        "2 figures changed"
    )
    assert "What changed since the previous release" in en
    assert "Wat is veranderd sinds de vorige uitgave" not in lines["nl", False]
