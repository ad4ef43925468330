"""The infographic says which number is which, and titles only the persona cards it draws.

- migratie: the big number is the crude share (9,1%) while the map, the wijken and the trend
  beside it are the age-and-sex corrected figure (9,3% in 2023): a new reader (U2) compared
  numbers of two kinds. The reading guide's first line and the trend panel's head say so.
- persona cards: with three persona's and room for two, a drawn card's title told it apart
  from the third, not drawn ('volwassene van 30-44 jaar, huishouden met een inkomen bij de
  hoogste 20%' beside a card of 18-29 jaar): the titles tell apart the cards drawn.
"""

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from test_report_messages import migratie_tables, row
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.export import write_csv
from wijkzicht.outputs import infographic

PERSONAS = (
    "theme,year,target,area_level,area_code,area_name,rank,leeftijd,huishouden,herkomst,inkomen,zorg_steun,"
    "n_persons,n_target,rounding_base,status\n"
    "migratie,2022,ggz,gemeente,GM0344,Utrecht,1,18-29,alleenstaand,Nederland,1,geen,840,25000,5,ok\n"
    "migratie,2022,ggz,gemeente,GM0344,Utrecht,2,30-44,paar_met_kinderen,Nederland,5,geen,580,25000,5,ok\n"
    "migratie,2022,ggz,gemeente,GM0344,Utrecht,3,30-44,paar_met_kinderen,Nederland,4,geen,560,25000,5,ok\n"
)


def _content(tmp_path, lang):
    m, _ = migratie_tables()
    crude = row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", value=0.091)
    # a second year of the corrected figure: a trend panel with a line
    older = row(
        "migratie", "migratie.ggz", "ggz", 2021, "GM0344", method="direct_std_gamma", value=0.091
    )
    m = pd.concat([m, pd.DataFrame([crude, older])], ignore_index=True)
    (tmp_path / "migratie").mkdir(exist_ok=True)
    write_csv(m, tmp_path / "migratie/measures.csv")
    (tmp_path / "migratie/personas.csv").write_text(PERSONAS, encoding="utf-8")
    return infographic.content("migratie", tmp_path, parse_definitions(config()), lang=lang, gemeente="GM0344",
                               personas=tmp_path / "migratie/personas.csv")  # fmt: skip


@pytest.mark.parametrize(("lang", "big", "trend"), [
    ("nl", "Het grote getal is het echte aandeel", "Ontwikkeling (gecorrigeerd)"),
    ("en", "The big number is the actual share", "Over the years (adjusted)"),
])  # fmt: skip
def test_the_guide_and_the_trend_say_which_figure_is_corrected(tmp_path, lang, big, trend):
    c = _content(tmp_path, lang)
    assert c.adjusted and c.big_pct == ("9,1%" if lang == "nl" else "9.1%")
    assert c.guide[0].startswith(big)
    assert (
        "gecorrigeerd voor leeftijd en geslacht" if lang == "nl" else "adjusted for age and sex"
    ) in c.guide[0]
    fig, said = infographic._draw(c)
    # the head (a text of the page since R12 put what its word means under it) keeps to its two
    # lines: it and that meaning overlap no other text of the page (the wijken above them)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    head = next(t for t in fig.texts if t.get_text().startswith(trend))
    drawn = head.get_text().replace("\n", " ")
    means = next(t for t in fig.texts if t.get_text() == infographic.trend_meaning(c))
    assert head.get_text().count("\n") <= 1
    for mine in (head, means):
        box = mine.get_window_extent(renderer)
        assert not [
            t.get_text()
            for t in fig.texts
            if t is not mine and t.get_text() and t.get_window_extent(renderer).overlaps(box)
        ]
    # nor the trend's axes under them
    trend_ax = next(ax for ax in fig.axes if ax.lines)
    assert means.get_window_extent(renderer).y0 >= trend_ax.get_window_extent(renderer).y1
    plt.close(fig)
    assert trend in drawn
    assert trend in infographic.alt_text(c)


def test_drawn_persona_titles_tell_apart_the_drawn_cards_only(tmp_path):
    c = _content(tmp_path, "nl")
    three = [head for head, _ in c.personas]
    two = [head for head, _ in c.persona_sets[2]]
    # among three, the two of 30-44 jaar need their income; among the first two, age alone
    assert three[1].endswith("met een inkomen bij de hoogste 20%")
    assert two == ["Volwassene van 18 tot en met 29 jaar", "Volwassene van 30 tot en met 44 jaar"]
