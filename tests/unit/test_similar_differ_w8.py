"""'Wijken die op deze wijk lijken' says on how many figures two wijken were compared and where
they differ most, and never calls them alike in a figure they lie far apart on (fresh-reader
review U10, finding 8: 'Binnenstad (28,0%) lijkt het meest op West (23,9% ▼), vooral bij brede
definitie' was not believed: the profile holds 8 figures and the sentence named only the
closest). The margin is statistics.similarity.ALIKE_WITHIN: |z_a - z_b| <= 0.5."""

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs.similar_wijken import alike_in, comparable
from wijkzicht.statistics.similarity import ALIKE_WITHIN, similar_wijken


@pytest.fixture(scope="module")
def defs():
    return parse_definitions(config())


# four wijken (WK01-WK04), four indicators a-d; z-scores by hand (sd with ddof 1), per wijk:
#   a: 10, 10, 10, 40  mean 17.5, sd 15      -> z -0.5, -0.5, -0.5, 1.5
#   b: 1, 2, 3, 4      mean 2.5, sd 1.29099  -> z -1.162, -0.387, 0.387, 1.162
#   c: 5, 5, 6, 6      mean 5.5, sd 0.57735  -> z -0.866, -0.866, 0.866, 0.866
#   d: 0, 1, 0, 1      mean 0.5, sd 0.57735  -> z -0.866, 0.866, -0.866, 0.866
PROFILE = pd.DataFrame(
    {"a": [10, 10, 10, 40], "b": [1, 2, 3, 4], "c": [5, 5, 6, 6], "d": [0, 1, 0, 1]},
    index=["WK01", "WK02", "WK03", "WK04"],
)


def test_a_pair_is_alike_only_within_the_margin_and_differs_most_in_the_rest():
    """WK01 and WK02: |dz| a 0, b 0.775, c 0, d 1.732. The old code said alike in a, c and b
    (the three smallest); b lies 0.775 sd apart and is no longer said alike: it is among where
    they differ most, after d."""
    out = similar_wijken(PROFILE, k=3, n_indicators=3).set_index(["wijk", "neighbour"])
    pair = out.loc[("WK01", "WK02")]
    assert pair["closest_indicators"] == "a;c"
    assert pair["differing_indicators"] == "d;b"
    assert pair["n_common"] == 4
    assert ALIKE_WITHIN == 0.5
    # no indicator is both alike and differing
    for r in out.itertuples():
        close = set(filter(None, r.closest_indicators.split(";")))
        far = set(filter(None, r.differing_indicators.split(";")))
        assert not close & far


def test_a_wider_margin_moves_an_indicator_to_alike():
    out = similar_wijken(PROFILE, k=3, n_indicators=3, alike_within=1.0)
    pair = out[(out["wijk"] == "WK01") & (out["neighbour"] == "WK02")].iloc[0]
    assert pair["closest_indicators"] == "a;c;b" and pair["differing_indicators"] == "d"


def test_a_pair_alike_in_nothing_has_an_empty_cell():
    """WK01 and WK04: |dz| a 2.0, b 2.324, c 1.732, d 1.732: alike in nothing (the old code said
    alike in c, d and a); differ most in b, a, then c (tied with d: by name; n_indicators 3)."""
    out = similar_wijken(PROFILE, k=3, n_indicators=3)
    pair = out[(out["wijk"] == "WK01") & (out["neighbour"] == "WK04")].iloc[0]
    assert pair["closest_indicators"] == "" and pair["differing_indicators"] == "b;a;c"


def test_the_sentence_names_the_count_the_alike_and_the_differing(defs):
    """The report's line and the factsheet's: 'X lijkt het meest op Y (vergeleken op 8
    cijfers). Ze lijken vooral op elkaar bij: ... Ze verschillen het meest ...'."""
    closest = "kopp.aandeel:ggz:wilson"
    differing = ("kopp.aandeel:verslaving:trend_logit;kopp.aandeel:ggz:trend_logit;"
                 "kopp.aandeel:breed:wilson")  # fmt: skip
    line = "Binnenstad lijkt het meest op West" + alike_in(
        "nl", closest, defs, differing=differing, n_common=8
    ) + "."  # fmt: skip
    assert line == (
        "Binnenstad lijkt het meest op West (vergeleken op 8 cijfers). Ze lijken vooral op elkaar "
        "bij: ouder met GGZ-zorg. Ze verschillen het meest bij: brede definitie. Hun cijfers "
        "veranderen ook anders bij: ouder met verslavingszorg en ouder met GGZ-zorg."
    )
    en = "Binnenstad is most like West" + alike_in(
        "en", closest, defs, differing=differing, n_common=8
    ) + "."  # fmt: skip
    assert en == (
        "Binnenstad is most like West (compared on 8 figures). They are alike above all in: "
        "parent with mental-health care. They differ most in: broad definition. Their figures "
        "also change differently for: parent with addiction care and parent with mental-health "
        "care."
    )


def test_trends_only_alike_in_nothing_and_several_wijken(defs):
    trends = "kopp.aandeel:verslaving:trend_logit;kopp.aandeel:ggz:trend_logit"
    assert alike_in("nl", "", defs, differing=trends, n_common=1) == (
        " (vergeleken op 1 cijfer). Bij geen van de cijfers liggen ze dicht bij elkaar. Ze "
        "verschillen het meest in hoe de cijfers veranderen bij: ouder met verslavingszorg en "
        "ouder met GGZ-zorg"
    )
    # the factsheet: several wijken like one; an indicator alike for the group is not named
    # again among the differing
    said = alike_in("nl", ["kopp.aandeel:breed:wilson"], defs, like="Binnenstad",
                    differing=["kopp.aandeel:breed:wilson", "kopp.aandeel:ggz:trend_logit"])  # fmt: skip
    assert said == (
        ". Ze lijken vooral op Binnenstad bij: brede definitie. Ze verschillen het meest van "
        "Binnenstad in hoe de cijfers veranderen bij: ouder met GGZ-zorg"
    )
    # a pair close in every figure: said so; not for the factsheet's group (its lists are joined)
    assert alike_in("nl", "kopp.aandeel:breed:wilson", defs, differing="", n_common=2) == (
        " (vergeleken op 2 cijfers). Ze lijken vooral op elkaar bij: brede definitie. Ook bij de andere cijfers "
        "liggen ze dicht bij elkaar"
    )
    assert alike_in(
        "en", "kopp.aandeel:breed:wilson", defs, differing=float("nan"), n_common=2
    ).endswith("broad definition. In the other figures too they lie close together")
    assert "andere" not in alike_in(
        "nl", "kopp.aandeel:breed:wilson", defs, like="Oost", differing=[], n_common=2
    )
    # a table without the column (made before it): the sentence as before, with its count too
    for n in (None, 8):
        assert alike_in("nl", "kopp.aandeel:breed:wilson", defs, n_common=n) == (
            ". Ze lijken vooral op elkaar bij: brede definitie"
        )


def test_the_export_table_has_the_column():
    rows = []
    for code, vals in PROFILE.iterrows():
        for ind, v in vals.items():
            rows.append({"theme": "t", "measure": "t.aandeel", "definition": ind, "method": "wilson",
                         "year": 2023, "area_level": "wijk", "area_code": code, "area_name": code.lower(),
                         "group": "totaal", "group_value": "totaal", "value": float(v), "status": "ok"})  # fmt: skip
    _, near = comparable(pd.DataFrame(rows), k=3, n_indicators=3)
    pair = near[(near["wijk"] == "WK01") & (near["neighbour"] == "WK02")].iloc[0]
    assert pair["closest_indicators"] == "t.aandeel:a:wilson;t.aandeel:c:wilson"
    assert pair["differing_indicators"] == "t.aandeel:d:wilson;t.aandeel:b:wilson"


SIMILAR = pd.DataFrame([
    {"year": 2023, "wijk": "WK034406", "wijk_name": "Binnenstad", "rank": 1, "neighbour": "WK034401",
     "neighbour_name": "West", "distance": 3.33, "n_common": 8, "closest_indicators": "kopp.aandeel:ggz:wilson",
     "differing_indicators": "kopp.aandeel:verslaving:trend_logit;kopp.aandeel:breed:wilson"},
    {"year": 2023, "wijk": "WK034406", "wijk_name": "Binnenstad", "rank": 2, "neighbour": "WK034408",
     "neighbour_name": "Zuidwest", "distance": 3.6, "n_common": 8, "closest_indicators": "",
     "differing_indicators": "kopp.aandeel:breed:wilson"},
])  # fmt: skip


def test_the_dashboard_lists_where_they_differ_most(tmp_path, defs):
    from wijkzicht.outputs.dashboard import TEXT, similar_rows

    (tmp_path / "kopp").mkdir()
    SIMILAR.to_csv(tmp_path / "kopp" / "vergelijkbare_wijken.csv", index=False)
    rows = similar_rows(tmp_path, ["kopp"], "nl", defs)
    assert rows[0]["closest"] == ["ouder met GGZ-zorg"]
    assert rows[0]["differ"] == [
        "brede definitie",
        "hoe de cijfers veranderen bij: ouder met verslavingszorg",
    ]
    assert rows[1]["closest"] == [] and rows[1]["differ"] == ["brede definitie"]
    assert (
        TEXT["nl"]["differ"] == "Verschillen het meest in"
        and TEXT["en"]["differ"] == "Differ most in"
    )
    # the note says what 'alike' means: the margin ALIKE_WITHIN (0.5) in words
    assert "een halve standaardafwijking" in TEXT["nl"]["similar_note"]
    assert "half a standard deviation" in TEXT["en"]["similar_note"]
    # the page's script shows the column
    js = (Path(__file__).parents[2] / "src/wijkzicht/outputs/dashboard.js").read_text()
    assert "T.differ]" in js and 'x.differ || []).join("; ")' in js
    # a table made before the column: nothing said of where they differ
    SIMILAR.drop(columns="differing_indicators").to_csv(
        tmp_path / "kopp" / "vergelijkbare_wijken.csv", index=False
    )
    assert [r["differ"] for r in similar_rows(tmp_path, ["kopp"], "nl", defs)] == [[], []]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_workbook_sheet_says_where_they_differ_and_on_how_many_figures(tmp_path, defs, lang):
    import openpyxl
    import xlsxwriter

    from wijkzicht.outputs.workbook import TEXT, Styles, similar_sheet

    path = tmp_path / "w.xlsx"
    wb = xlsxwriter.Workbook(path)
    similar_sheet(
        wb.add_worksheet("s"), Styles(wb), SimpleNamespace(similar={"kopp": SIMILAR}), defs, lang
    )
    wb.close()
    rows = list(openpyxl.load_workbook(path)["s"].iter_rows(values_only=True))
    t = TEXT[lang]
    assert rows[3][4:7] == (t["alike_in"], t["differ_in"], t["compared"])
    row = next(r for r in rows if r[0] == "Binnenstad")
    expected = {
        "nl": ("ouder met GGZ-zorg", "brede definitie; hoe de cijfers veranderen bij: ouder met verslavingszorg",
               "8 cijfers"),
        "en": ("parent with mental-health care",
               "broad definition; how the figures change for: parent with addiction care", "8 figures"),
    }  # fmt: skip
    assert row[1:3] == ("West", "Zuidwest") and row[4:7] == expected[lang]
    assert ("halve standaardafwijking" if lang == "nl" else "half a standard deviation") in rows[1][
        0
    ]


def test_a_figure_that_reads_as_one_in_the_other_list_is_said_neither(tmp_path, defs):
    """The default world's migratie, Binnenstad and her group: alike in the trend of the crude
    share of psychofarmaca (trend_logit), far apart in that of the standardised share
    (trend_wls); both read 'hoe de cijfers veranderen bij: psychofarmaca', so the factsheet said
    'Ze lijken vooral op Binnenstad bij: psychofarmaca (het cijfer en hoe het verandert). Ze
    verschillen het meest van Binnenstad in hoe de cijfers veranderen bij: psychofarmaca'."""
    from wijkzicht.outputs.dashboard import similar_rows

    closest = "migratie.psychofarmaca:psychofarmaca:trend_logit;migratie.ggz:ggz:wilson"
    differing = "migratie.psychofarmaca:psychofarmaca:trend_wls;migratie.ggz:ggz:trend_wls"
    assert alike_in("nl", closest, defs, differing=differing, n_common=8) == (
        " (vergeleken op 8 cijfers). Ze lijken vooral op elkaar bij: GGZ-zorg. Ze verschillen het meest in hoe "
        "de cijfers veranderen bij: GGZ-zorg"
    )
    (tmp_path / "migratie").mkdir()
    SIMILAR.assign(closest_indicators=closest, differing_indicators=differing).to_csv(
        tmp_path / "migratie" / "vergelijkbare_wijken.csv", index=False
    )
    row = similar_rows(tmp_path, ["migratie"], "nl", defs)[0]
    assert row["closest"] == ["GGZ-zorg"] and row["differ"] == [
        "hoe de cijfers veranderen bij: GGZ-zorg"
    ]


def test_the_group_is_alike_only_where_every_one_is(defs):
    """The factsheet's three wijken like one: alike in an indicator only where every one of
    them is within the margin, differing only where every one is beyond it (the default world's
    Binnenstad, kopp: the joined lists said 'alike in GGZ-zorg' with Zuidwest 1,13 sd apart)."""
    from wijkzicht.outputs.similar_wijken import group_alike

    z = PROFILE.pipe(lambda t: (t - t.mean()) / t.std())
    profile = z.stack().rename("z").rename_axis(["wijk", "indicator"]).reset_index()
    # WK01 against WK02 and WK03: |dz| a 0, 0; b 0.775, 1.549; c 0, 1.732; d 1.732, 0
    assert group_alike(profile, "WK01", ["WK02", "WK03"]) == (["a"], ["b"])
    # against WK02 alone: the pair's lists
    assert group_alike(profile, "WK01", ["WK02"]) == (["a", "c"], ["d", "b"])
    assert group_alike(profile, "WK09", ["WK02"]) == ([], [])
    said = alike_in(
        "nl", [], defs, like="Binnenstad", differing=["kopp.aandeel:breed:wilson"], n_common=8
    )
    assert said == (
        " (vergeleken op 8 cijfers). Er is geen cijfer waarbij ze allemaal dicht bij Binnenstad liggen. Ze "
        "verschillen het meest van Binnenstad bij: brede definitie"
    )
