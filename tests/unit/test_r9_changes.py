"""What changed since the previous release: changes.csv names each figure that differs, and the
report says which figures changed most, which are now published or suppressed, and why figures
can change (a new user read only counts: '79 nu onderdrukt en 8 nu wel gepubliceerd', U3 F17)."""

import re

import pandas as pd
import pytest
from test_report_messages import kopp_tables, row
from test_report_pdf import export
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import report
from wijkzicht.outputs.document import Cell, Table, plain
from wijkzicht.release.changes import compare, rows


@pytest.fixture(scope="module")
def definitions():
    return parse_definitions(config())


def releases():
    """The previous release and the new one (the new: `kopp_tables`): Overvecht's broad share
    went from 30,0% to 36,2% (+6,2 points), Binnenstad's from 11,0% to 12,0% (+1 point), Zuid
    was suppressed and is now published, the gemeente's ggz share was published and is now
    suppressed; a new ggz row in Overvecht's 2022."""
    new, _ = kopp_tables()
    old = new.copy()
    breed = (old["definition"] == "breed") & (old["year"] == 2023) & (old["method"] == "wilson")
    old.loc[breed & (old["area_code"] == "WK034403"), "value"] = 0.30
    old.loc[breed & (old["area_code"] == "WK034406"), "value"] = 0.11
    zuid = breed & (old["area_code"] == "WK034407")
    old.loc[zuid, ["value", "ci_lower", "ci_upper", "numerator", "denominator"]] = None
    old.loc[zuid, "status"] = "suppressed_secondary"
    ggz = (new["definition"] == "ggz") & (new["area_code"] == "GM0344")
    new.loc[ggz, ["value", "ci_lower", "ci_upper", "numerator", "denominator"]] = None
    new.loc[ggz, "status"] = "suppressed_primary"
    new = pd.concat(
        [new, pd.DataFrame([row("kopp", "kopp.aandeel", "ggz", 2022, "WK034403", value=0.2)])],
        ignore_index=True,
    )
    return old, new


def test_changes_csv_names_each_figure_that_differs_with_old_and_new_value():
    old, new = releases()
    got = rows(old, new)
    assert list(got["change"]) == [
        "newly_published",
        "newly_suppressed",
        "changed",
        "changed",
        "added",
    ]
    changed = got[got["change"] == "changed"]
    # the largest difference first, new minus old
    assert list(changed["area_name"]) == ["Overvecht", "Binnenstad"]
    assert changed["difference"].round(6).tolist() == [0.062, 0.01]
    assert changed["value_old"].round(6).tolist() == [0.30, 0.11]
    # a figure suppressed now keeps the number the previous release published (public: the
    # reader needs it to know which figure is withdrawn, U11 finding 11), none of this release;
    # a figure published now shows its new value
    hidden = got[got["change"] == "newly_suppressed"].iloc[0]
    assert hidden["area_name"] == "Utrecht" and hidden["status_new"] == "suppressed"
    ggz = old[(old["definition"] == "ggz") & (old["area_code"] == "GM0344")].iloc[0]
    assert (
        hidden[["value_old", "ci_lower_old", "ci_upper_old"]].tolist()
        == ggz[["value", "ci_lower", "ci_upper"]].tolist()
    )
    assert hidden[["value_new", "ci_lower_new", "ci_upper_new", "difference"]].isna().all()
    shown = got[got["change"] == "newly_published"].iloc[0]
    assert shown["area_name"] == "Zuid" and shown["value_new"] == 0.26
    assert pd.isna(shown["value_old"])
    assert not {"numerator", "denominator", "n_numerator"} & set(got.columns)  # no counts
    # the counts per measure agree with the rows
    n = compare(old, new).iloc[0]
    assert (n["rows_changed"], n["newly_suppressed"], n["newly_published"], n["rows_added"]) == (
        2,
        1,
        1,
        1,
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_says_which_figures_changed_and_why(tmp_path, definitions, lang):
    old, new = releases()
    root = export(tmp_path, definitions)
    new.to_csv(root / "kopp" / "measures.csv", index=False)
    table = rows(old, new)
    table.to_csv(root / "changes.csv", index=False)
    blocks = report.ThemeReport("kopp", root, definitions, [], lang=lang).changes_section()
    said = " ".join(plain(b.text, lang) for b in blocks if hasattr(b, "text"))
    why = "nieuwe of verbeterde gegevens" if lang == "nl" else "new or corrected data"
    privacy = "privacyregels" if lang == "nl" else "privacy rules"
    assert why in said and privacy in said and "changes.csv" in said
    items = plain(next(b for b in blocks if hasattr(b, "items")).items[0], lang)
    counts = (
        "2 cijfers veranderd, 1 nu onderdrukt, 1 nu wel gepubliceerd en 1 nieuw cijfer"
        if lang == "nl"
        else "2 figures changed, 1 now suppressed, 1 now published and 1 new figure"
    )
    assert counts in items, items
    (t,) = [b for b in blocks if isinstance(b, Table)]
    assert t.source  # its 'Bron:' line, as every table
    lines = [[plain(c, lang) for c in line] for line in t.rows]
    # each figure in a short label of what it counts (R7, labels.figure_label)
    broad = (
        "Kinderen met een ouder met problemen (brede definitie)"
        if lang == "nl"
        else "Children with a parent with problems (broad definition)"
    )
    ggz = (
        "Kinderen met een ouder met GGZ-zorg"
        if lang == "nl"
        else "Children with a parent with mental-health care"
    )
    word = {"nl": ("onderdrukt", "gepubliceerd"), "en": ("suppressed", "published")}[lang]
    pct = (lambda s: s.replace(".", ",")) if lang == "nl" else (lambda s: s)
    # largest change first, then now published, then now suppressed; names, not codes
    assert lines == [
        [broad, "Overvecht", "2023", pct("30.0%"), pct("36.2%")],
        [broad, "Binnenstad", "2023", pct("11.0%"), pct("12.0%")],
        [broad, "Zuid", "2023", word[0], pct("26.0%")],
        # a figure now suppressed: the number the previous release published (U11 finding 11)
        [ggz, "Utrecht", "2023", pct("14.0%"), word[0]],
    ]
    # every number a citation of changes.csv's cell
    cited = [c for line in t.rows for cell in line for c in cell if isinstance(c, Cell)]
    assert cited and all(c.file == "changes.csv" for c in cited)
    back = pd.read_csv(root / "changes.csv")
    assert all(back.loc[c.row, c.col] == c.value for c in cited)
    assert not re.search(r"WK\d|GM\d|kopp\.", " ".join(" ".join(x) for x in lines))


@pytest.mark.parametrize(
    "lang,said",
    [
        ("nl", "2 nieuwe cijfers (nieuwe definitie: ouder met verslavingszorg)"),
        ("en", "2 new figures (new definition: parent with addiction care)"),
    ],
)
def test_new_figures_of_a_definition_added_name_it(tmp_path, definitions, lang, said):
    # a second release with a definition added said '300 nieuwe cijfers' and not of what
    old, _ = kopp_tables()
    new = pd.concat(
        [old, pd.DataFrame([row("kopp", "kopp.aandeel", "verslaving", 2023, code, value=0.05)
                            for code in ("GM0344", "WK034403")])],
        ignore_index=True,
    )  # fmt: skip
    new.loc[(new["definition"] == "ggz") & (new["area_code"] == "GM0344"), "value"] = 0.15
    root = export(tmp_path, definitions)
    new.to_csv(root / "kopp" / "measures.csv", index=False)
    rows(old, new).to_csv(root / "changes.csv", index=False)
    blocks = report.ThemeReport("kopp", root, definitions, [], lang=lang).changes_section()
    items = plain(next(b for b in blocks if hasattr(b, "items")).items[0], lang)
    assert said in items, items
    assert ("nieuwe definitie" if lang == "nl" else "new definition") in items
    # a changed figure of a definition that was there already is no new definition
    assert items.count("definit") == 1, items
