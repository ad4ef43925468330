"""'Wat is veranderd' counts what a reader sees, in short labels (U11 findings 10 and 13).

10. A model estimate whose interval alone moved one point counted as 'veranderd': the Zuid
    factsheet said '1 cijfer veranderd' of eenzaam 49% (44-53) that became 49% (44-54), and the
    reader found nothing. changes.csv keeps every difference and says what a reader sees differ
    (`zichtbaar`: the value as the pages print it, its interval alone, or nothing); the pages
    count and list as changed only a printed value that changed, and say apart that only the
    uncertainty moved.
13. The change table's labels repeated themselves ('Kinderen met een eigen traject bij het
    buurtteam jeugd en gezin, buurtteam jeugd en gezin, ruw percentage, ja'): one short label per
    figure, each part once, checked on every figure of the default config.

And R6's leftover: a change of the unkeyed GEMBUURTTEAM gave every figure `gegevens`, though only
the buurtteam condition reads it.
"""

import re
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest
from test_changes_reason_r6 import changed, manifest, reason_of, table
from test_report_messages import kopp_tables, row
from test_report_pdf import export
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.inputs.reference import herkomst_groups, read_countries
from wijkzicht.outputs import factsheet, report, workbook
from wijkzicht.outputs.document import Table, plain
from wijkzicht.outputs.labels import figure_label
from wijkzicht.release.changes import ROW_COLUMNS, printed, rows
from wijkzicht.themes.kopp import combinations
from wijkzicht.themes.migratie import GENERATIES, INKOMEN, SEXES
from wijkzicht.themes.nieuwkomers import ORIGINS

DEFS = parse_definitions(config())


def _model(code: str, name: str, value, lo, hi, measure: str = "eenzaam") -> dict:
    """A published model estimate of a wijk (whole percentages, as published)."""
    r = row("migratie", f"migratie.{measure}", measure, 2023, code, value=value)
    r.update(area_name=name, method="modelschatting", ci_lower=lo, ci_upper=hi,
             numerator=None, denominator=None)  # fmt: skip
    return r


def releases():
    """U11's Zuid: eenzaam 49% (44-53) became 49% (44-54); Overvecht's went from 48% to 50%;
    Binnenstad's crude share moved by 0,02 point (12,31% -> 12,33%: 12,3% both) and its counts;
    Oost's odds ratio 1,234 -> 1,236 (1,23 and 1,24)."""
    old = pd.DataFrame([
        _model("WK034407", "Zuid", 0.49, 0.44, 0.53),
        _model("WK034403", "Overvecht", 0.48, 0.43, 0.53),
        {**row("migratie", "migratie.ggz", "ggz", 2023, "WK034406", value=0.1231),
         "area_name": "Binnenstad", "numerator": 1231, "denominator": 10000},
        {**row("migratie", "migratie.or_ggz", "ggz", 2023, "GM0344", value=1.234),
         "method": "logit_glm", "group": "herkomst", "group_value": "Marokko"},
    ])  # fmt: skip
    new = old.copy()
    new.loc[0, "ci_upper"] = 0.54
    new.loc[1, "value"] = 0.50
    new.loc[2, ["value", "numerator", "denominator"]] = [0.1233, 1234, 10008]
    new.loc[3, "value"] = 1.236
    return old, new


def test_changes_csv_says_what_a_reader_sees_differ():
    old, new = releases()
    got = rows(old, new)
    assert list(got.columns) == ROW_COLUMNS and "zichtbaar" in ROW_COLUMNS
    got = got.set_index("area_name")
    # every difference stays in changes.csv, each with what the pages show of it
    assert set(got["change"]) == {"changed"}
    assert got.loc["Zuid", "zichtbaar"] == "interval"  # 49% (44-53) -> 49% (44-54)
    assert got.loc["Overvecht", "zichtbaar"] == "waarde"  # 48% -> 50%
    assert got.loc["Binnenstad", "zichtbaar"] == "niets"  # 12,3% both; counts alone
    assert got.loc["Utrecht", "zichtbaar"] == "waarde"  # 1,23 -> 1,24


def test_printed_is_the_pages_precision_per_kind():
    # a model estimate in whole percentages, a share to one decimal, a ratio to two, a trend in
    # percentage points to two, an organisation's figure per 1.000 whole (outputs/format.py)
    assert printed(0.4912, "modelschatting") == "49%"
    assert printed(0.4912, "wilson") == "49,1%"
    assert printed(0.4912, "direct_std_gamma") == "49,1%"
    assert printed(1.2345, "relative_risk_katz") == "1,23"
    assert printed(0.00123, "trend_wls") == "0,12%"
    assert printed(357.74, "per_1000") == "358"
    assert printed(None, "wilson") == ""
    assert printed(0.5, "register_ratio") is None  # compared unprinted


def test_a_figure_now_suppressed_has_no_zichtbaar():
    old, new = releases()
    new.loc[1, ["value", "ci_lower", "ci_upper"]] = None
    new.loc[1, "status"] = "suppressed"
    got = rows(old, new).set_index("area_name")
    assert got.loc["Overvecht", "change"] == "newly_suppressed"
    assert pd.isna(got.loc["Overvecht", "zichtbaar"]) or got.loc["Overvecht", "zichtbaar"] == ""


def _written(tmp_path: Path, old, new) -> pd.DataFrame:
    path = tmp_path / "changes.csv"
    rows(old, new).to_csv(path, index=False)
    return report.read_changes(path)


def test_the_counts_leave_out_what_a_reader_cannot_see(tmp_path):
    ch = _written(tmp_path, *releases())
    # the old count: 4 cijfers veranderd
    assert report.change_counts(ch, "nl") == ["2 cijfers veranderd"]
    assert report.interval_sentence(ch, "nl") == (
        "Bij 1 cijfer is alleen de onzekerheid (het 95%-interval) iets anders; het cijfer zelf "
        "is gelijk gebleven."
    )
    assert report.interval_sentence(ch[ch["area_name"] != "Zuid"], "nl") == ""
    # a changes.csv made before the column: every changed figure counts, as before
    assert report.change_counts(ch.drop(columns="zichtbaar"), "en") == ["4 figures changed"]


def test_the_factsheet_of_zuid_no_longer_says_a_figure_changed(tmp_path):
    ch = _written(tmp_path, *releases())
    line = factsheet.changes_line(ch, "WK034407", "Zuid", "nl")
    assert "1 cijfer veranderd" not in line
    assert "geen cijfer over Zuid" in line


def test_the_report_says_the_interval_apart_and_lists_only_what_changed(tmp_path):
    """The kopp report's export with a changes.csv: Overvecht's broad share changed (30,0% ->
    36,2%), Binnenstad's moved within its printed value's interval (11,02% -> 11,04%, its upper
    end 12,3% -> 12,4%)."""
    new, _ = kopp_tables()
    old = new.copy()
    breed = (old["definition"] == "breed") & (old["year"] == 2023) & (old["method"] == "wilson")
    ov, bs = breed & (old["area_code"] == "WK034403"), breed & (old["area_code"] == "WK034406")
    old.loc[ov, "value"] = 0.30
    new.loc[bs, ["value", "ci_lower", "ci_upper"]] = [0.1104, 0.1000, 0.1240]
    old.loc[bs, ["value", "ci_lower", "ci_upper"]] = [0.1102, 0.1000, 0.1230]
    root = export(tmp_path, DEFS)
    rows(old, new).to_csv(root / "changes.csv", index=False)
    blocks = report.ThemeReport("kopp", root, DEFS, [], lang="nl").changes_section()
    items = [plain(i, "nl") for b in blocks if hasattr(b, "items") for i in b.items]
    (kopp,) = [i for i in items if i.startswith(report.label("nl", "kopp.aandeel"))]
    assert "1 cijfer veranderd; bij 1 cijfer is alleen de onzekerheid" in kopp, kopp
    (t,) = [b for b in blocks if isinstance(b, Table)]
    areas = [plain(line[1], "nl") for line in t.rows]
    assert areas == ["Overvecht"]  # not Binnenstad, 11,0% both


def test_a_model_estimate_in_the_table_is_printed_whole(tmp_path):
    root = export(tmp_path, DEFS)
    old, fresh = releases()
    ch = rows(old.iloc[[1]], fresh.iloc[[1]])
    ch["theme"] = "kopp"
    r = report.ThemeReport("kopp", root, DEFS, [], lang="nl")
    lines, _ = r.changed_lines(ch)
    assert [plain(c, "nl") for c in lines[0][3:]] == ["48%", "50%"]


def test_the_workbook_counts_as_the_report(tmp_path):
    ch = _written(tmp_path, *releases())
    said = []

    class Data:
        changes = ch
        measures = {"migratie": pd.DataFrame({"measure": ["migratie.eenzaam", "migratie.ggz",
                                                           "migratie.or_ggz"]})}  # fmt: skip
        aggregates = None

    workbook.changes_lines(lambda *a: None, lambda a, b: said.append((a, b)), Data, "nl")
    text = dict(said)
    eenzaam = report.label("nl", "migratie.eenzaam")
    assert text[eenzaam] == (
        "1 cijfer veranderd; bij 1 cijfer is alleen de onzekerheid (het 95%-interval) iets anders."
    )
    # Binnenstad's ggz printed the same: nothing said of it
    assert "migratie.ggz" not in str(said) and report.label("nl", "migratie.ggz") not in text


# -------------------------------------------------------------------- labels, finding 13

LIMIT = 120  # characters of a label at most (U11's was 104; the overlap's longest 113)


def default_figures():
    """Every figure of the default config (config/config.yaml) but the trends, which the table
    leaves out: (measure, definition, method, group, group value, the measure's methods)."""
    cfg = config()
    kids, adults = cfg["age_bands"]["kinderen"], cfg["age_bands"]["volwassenen"]
    herkomst = herkomst_groups(read_countries(Path("config/reference/countries.csv")))
    kopp = DEFS.kopp
    out = []
    for d in kopp.definitions.names:
        out += [("kopp.aandeel", d, "wilson", "totaal", "totaal")]
        out += [("kopp.aandeel", d, "wilson", "leeftijd", b) for b in kids]
    out += [("kopp.overlap", "breed", "wilson", "combinatie", c)
            for c in combinations(cfg["themes"]["kopp"]["overlap_conditions"])]  # fmt: skip
    out += [("kopp.jeugdteam", "breed", "wilson", "kopp_breed", v) for v in ("ja", "nee")]
    out += [("kopp.jeugdteam", "breed", "relative_risk_katz", "kopp_breed", "ja_vs_nee")]
    out += [("kopp.ouders_onbekend", "geen_koppelbare_ouder", "wilson", "totaal", "totaal")]
    groups = [("totaal", "totaal")] + [("herkomst", h) for h in herkomst]
    groups += [("generatie", g) for g in GENERATIES]
    for d in cfg["themes"]["migratie"]["definitions"]:
        out += [(f"migratie.{d}", d, m, g, v) for m in ("wilson", "direct_std_gamma")
                for g, v in groups]  # fmt: skip
    for m, d in (("k10_hoog", "k10_hoog"), ("eenzaam", "eenzaam"), ("zorgkloof", "ggz")):
        out += [(f"migratie.{m}", d, "survey_taylor", g, v) for g, v in groups]
    out += [(f"migratie.{m}", m, "modelschatting", "totaal", "totaal")
            for m in cfg["small_area"]["measures"]]  # fmt: skip
    odds = [("herkomst", h) for h in herkomst[1:]] + [("geslacht", s) for s in SEXES[1:]]
    odds += [("inkomen", i) for i in INKOMEN[1:]] + [("leeftijd", b) for b in adults[1:]]
    out += [("migratie.or_ggz", "ggz", "logit_glm", g, v) for g, v in odds]
    for d in DEFS.nieuwkomers.definitions.names:
        out += [("nieuwkomers.aandeel", d, "wilson", "totaal", "totaal")]
        out += [("nieuwkomers.aandeel", d, "wilson", "origin", o) for o in ORIGINS]
    out += [("nieuwkomers.concentratie", d, "ratio_katz", "totaal", "totaal")
            for d in DEFS.nieuwkomers.concentratie_names]  # fmt: skip
    methods = {}
    for m, _, method, _, _ in out:
        methods.setdefault(m, []).append(method)
    return [(*f, tuple(dict.fromkeys(methods[f[0]]))) for f in out]


def _repeats(text: str) -> list[str]:
    """The phrases of two words or more said twice in `text` (with a word of five letters or
    more: 'buurtteam jeugd', 'koppelbare ouder'; not 'met een'), and a part (between commas and
    colons) said twice."""
    words = re.findall(r"\w+", text.casefold())
    pairs = [p for p in pairwise(words) if max(map(len, p)) >= 5]
    twice = [" ".join(p) for i, p in enumerate(pairs) if p in pairs[i + 1 :]]
    parts = [p.strip().casefold() for p in re.split(r"[,:]", text)]
    return twice + [p for i, p in enumerate(parts) if p and p in parts[i + 1 :]]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_label_of_the_default_config_is_short_and_says_each_part_once(lang):
    figures = default_figures()
    assert len(figures) > 150
    labels = {figure_label(lang, *f[:5], DEFS, f[5]): f for f in figures}
    # each figure its own label
    assert len(labels) == len(figures)
    for text in labels:
        assert len(text) <= LIMIT, text
        assert not _repeats(text), (text, _repeats(text))
        assert "_" not in text, text  # names, not codes


def test_the_labels_u11_read():
    # U11's 'Kinderen met een eigen traject bij het buurtteam jeugd en gezin, buurtteam jeugd
    # en gezin, ruw percentage, ja'
    methods = ("wilson", "relative_risk_katz")
    assert figure_label("nl", "kopp.jeugdteam", "breed", "wilson", "kopp_breed", "ja", DEFS,
                        methods) == (
        "kinderen met een ouder met problemen (brede definitie): aandeel met een eigen traject "
        "bij het buurtteam"
    )  # fmt: skip
    assert figure_label("nl", "kopp.aandeel", "verslaving", "wilson", "totaal", "totaal",
                        DEFS) == "kinderen met een ouder met verslavingszorg"  # fmt: skip
    assert figure_label("nl", "migratie.ggz", "ggz", "direct_std_gamma", "herkomst", "Marokko",
                        DEFS, ("wilson", "direct_std_gamma")) == (
        "GGZ-zorg (volwassenen), gecorrigeerd: herkomst Marokko"
    )  # fmt: skip
    # a definition the measure's label says already, in other words too
    assert figure_label("en", "migratie.eenzaam", "eenzaam", "modelschatting", "totaal", "totaal",
                        DEFS, ("survey_taylor", "modelschatting")) == (
        "Loneliness (De Jong Gierveld), model estimate"
    )  # fmt: skip
    assert figure_label("nl", "kopp.ouders_onbekend", "geen_koppelbare_ouder", "wilson",
                        "totaal", "totaal", DEFS) == (
        "Kinderen zonder koppelbare ouder (datakwaliteit)"
    )  # fmt: skip


# ------------------------------------------------------------ R6's leftover: GEMBUURTTEAM


def test_a_changed_buurtteam_registration_is_the_reason_of_its_own_figures_only():
    new = changed(GEMBUURTTEAM="other")
    figures = table(
        ("kopp", "kopp.jeugdteam", "breed", "wilson", 2022, "newly_suppressed"),
        ("kopp", "kopp.aandeel", "ggz", "wilson", 2022, "newly_suppressed"),
        ("migratie", "migratie.ggz", "ggz", "wilson", 2022, "changed"),
        ("nieuwkomers", "nieuwkomers.aandeel", "breed", "wilson", 2022, "newly_published"),
    )
    # the old answer: gegevens for all four
    assert reason_of(figures, manifest(), new) == [
        "gegevens", "privacyregels", "onbekend", "privacyregels",
    ]  # fmt: skip
    # its linkage model trained again: the same
    new = changed(**{"linkage_model/GEMBUURTTEAM": "retrained"})
    assert reason_of(figures, manifest(), new)[:2] == ["gegevens", "privacyregels"]
