"""A figure of nothing but 'onderdrukt' (U9 finding 8: the care gap by herkomst of a small
gemeente, every group suppressed): the figure says so in a sentence, with its title and 'Bron:'
line, instead of panels or lines that hold only the word; a figure with one figure to draw is
drawn as before."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from wijkzicht.outputs import figures as f


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _panels(states) -> pd.DataFrame:
    """Two series (K10 and GGZ-zorg by herkomst), the city and three groups; `states` per row."""
    rows = []
    for s in ("Hoge psychische klachten", "GGZ-zorg"):
        for role, lab in (("reference", "Zeist"), *(("point", g) for g in ("NL", "EU", "niet-EU"))):
            rows.append({"method": "survey_taylor", "series": s, "role": role, "label": lab,
                         "value": 0.2, "ci_lower": 0.1, "ci_upper": 0.3, "shown": "20,0%",
                         "mark": ""})  # fmt: skip
    out = pd.DataFrame(rows)
    out["state"] = list(states) * (len(out) // len(states))
    out.loc[out["state"] != "ok", ["value", "ci_lower", "ci_upper"]] = np.nan
    out.loc[out["state"] == "suppressed", "shown"] = "onderdrukt"
    return out


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts]


def _draw(sel, lang="nl"):
    return f.point_panels(sel, kind="share", lang=lang, title="Titel", notes=["De stippellijn"],
                          source="Bron: test")  # fmt: skip


@pytest.mark.parametrize(
    "states,words",
    [
        (["suppressed"] * 4, "Alle cijfers van deze figuur zijn onderdrukt: te weinig personen"),
        (["empty"] * 4, "in deze groepen zijn geen personen"),
        (["suppressed", "empty", "suppressed", "empty"], "onderdrukt (te weinig personen"),
    ],
)
def test_a_figure_of_nothing_but_suppressed_is_a_sentence(states, words):
    fig = _draw(_panels(states))
    texts = "\n".join(_texts(fig))
    assert words in " ".join(texts.split()), texts
    assert "Titel" in texts and "Bron: test" in texts
    assert "De stippellijn" not in texts  # a note on what is not drawn
    # one sentence, no panel of words: every axis hidden
    assert all(not ax.axison for ax in fig.axes)
    assert sum(t.count("onderdrukt") for t in _texts(fig)) <= 1


def test_english_and_the_other_drawers_say_it_too():
    en = "\n".join(_texts(_draw(_panels(["suppressed"] * 4), lang="en")))
    assert "Every figure of this chart is suppressed" in " ".join(en.split())
    trend = pd.DataFrame([
        {"method": "wilson", "series": "reeks", "role": "line", "year": y, "label": str(y),
         "value": np.nan, "ci_lower": np.nan, "ci_upper": np.nan, "state": "suppressed",
         "shown": "onderdrukt", "verdict": "niet_te_toetsen"} for y in (2021, 2022, 2023)
    ])  # fmt: skip
    fig = f.trend_lines(trend, lang="nl", title="Titel", notes=[], source="Bron: test")
    assert "Alle cijfers van deze figuur zijn onderdrukt" in " ".join(
        "\n".join(_texts(fig)).split()
    )
    bars = pd.DataFrame([
        {"method": "wilson", "series": "s", "role": "bar", "label": lab, "members": lab,
         "n_numerator": np.nan, "value": np.nan, "ci_lower": np.nan, "ci_upper": np.nan,
         "state": "suppressed", "shown": "onderdrukt"} for lab in ("ggz", "ggz+verslaving")
    ])  # fmt: skip
    fig = f.upset(bars, {"ggz": "GGZ", "verslaving": "Verslaving"}, lang="nl", title="Titel",
                  notes=[], source="Bron: test")  # fmt: skip
    assert "Alle cijfers van deze figuur zijn onderdrukt" in " ".join(
        "\n".join(_texts(fig)).split()
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_only_the_citys_line_published_is_a_sentence_that_names_it(lang):
    """The care gap of Nieuwegein (a region run of 8,000 residents each, 2023): every herkomst
    group suppressed or empty in both panels, only the city's line (Iedereen: 10,7%) published."""
    sel = _panels(["ok", "suppressed", "suppressed", "empty"])
    texts = " ".join("\n".join(_texts(_draw(sel, lang))).split())
    words = f.NOTHING_SHOWN[lang]
    assert words["both_groups"] in texts
    assert words["published"].format(
        items="Hoge psychische klachten, Zeist 20,0%; GGZ-zorg, Zeist 20,0%"
    ) in " ".join(texts.split())
    assert f.nothing_shown(sel, lang) in texts


def test_a_figure_with_one_figure_to_draw_is_drawn():
    fig = _draw(_panels(["ok", "ok", "suppressed", "suppressed"]))
    assert sum(ax.axison for ax in fig.axes) == 2
    assert "onderdrukt" in [t.get_text() for ax in fig.axes for t in ax.texts]


def _zorgkloof_figure(root, defs, lang):
    """The care-gap figure's selection written from the export under `root`, and the report's
    figure of it."""
    from wijkzicht.disclosure.export import read_measures_csv
    from wijkzicht.outputs import figure_specs, report

    figure_specs.write("migratie_zorgkloof", read_measures_csv(root / "migratie/measures.csv"),
                       figure_specs.read_differences(root / "migratie/verschillen.csv"), defs,
                       {"csv": root / "migratie/migratie_zorgkloof.csv"}, lang=lang,
                       gemeente="GM0344")  # fmt: skip
    return report.ThemeReport("migratie", root, defs, [], lang=lang).figure(
        "migratie/migratie_zorgkloof.png"
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_says_the_sentence_not_what_the_panels_would_show(tmp_path, lang):
    """The migratie report's text beside the care-gap figure described its two panels ('Links:
    ... Rechts: ...'); with every row suppressed it says what the figure says."""
    from test_report_messages import migratie_tables
    from worlds import config

    from wijkzicht.definitions import parse_definitions
    from wijkzicht.outputs import figure_specs

    defs = parse_definitions(config())
    m, v = migratie_tables()
    survey = m["measure"].isin(["migratie.k10_hoog", "migratie.zorgkloof"])
    m["status"] = m["status"].astype(object)
    m.loc[survey, "status"] = "suppressed"
    numbers = ["numerator", "denominator", "n_numerator", "n_denominator", "value", "ci_lower",
               "ci_upper", "se"]  # fmt: skip
    m[numbers] = m[numbers].astype(object)
    m.loc[survey, numbers] = None
    root = tmp_path / "export"
    (root / "migratie").mkdir(parents=True)
    m.to_csv(root / "migratie/measures.csv", index=False)
    v.to_csv(root / "migratie/verschillen.csv", index=False)
    fig = _zorgkloof_figure(root, defs, lang)
    assert [list(t) for t in fig.text] == [[f.NOTHING_SHOWN[lang]["suppressed"]]]
    assert f.NOTHING_SHOWN[lang]["suppressed"] == f.nothing_shown(
        figure_specs.read_selection(root / "migratie/migratie_zorgkloof.csv"), lang
    )
    # with a published row the report describes the panels, as before
    m2, v2 = migratie_tables()
    m2.to_csv(root / "migratie/measures.csv", index=False)
    fig = _zorgkloof_figure(root, defs, lang)
    assert fig.text[0][0].startswith(("Links:", "Left:"))
