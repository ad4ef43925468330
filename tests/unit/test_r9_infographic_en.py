"""The infographic in English with a legend of seven lines (five classes, suppressed, no
persons): its legend ran into the heading 'What stands out' below it, the value of the gemeente
stood alone under the class ('25% to 30%   ◀ Utrecht as' / 'a whole: 26.0%'), and the persona
cards were headed with the Dutch plural "Persona's"."""

import matplotlib.pyplot as plt
import pytest
from test_maps import measures_table
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import infographic, maps


def tall_map_legend(lang: str):
    """The legend as the infographic draws it under a tall map (as test_r8_infographic_legend)."""
    sel = maps.select("kopp", measures_table(), parse_definitions(config()), None, lang=lang,
                      gemeente="GM0344")  # fmt: skip
    assert len(maps.legend_entries(sel, lang=lang)) == 7
    fig = plt.figure(figsize=infographic.A4)
    ax = fig.add_axes((0.04, 0.475, 0.58, 0.22))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.4)
    ax.set_aspect("equal")
    bottom = infographic.MESSAGES_TOP + 0.005
    leg = infographic.legend_within(ax, sel, lang, right=0.58, bottom=bottom)
    fig.canvas.draw()
    return fig, leg, bottom


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_seven_legend_lines_stay_above_the_heading_and_keep_the_value_with_its_words(lang):
    fig, leg, bottom = tall_map_legend(lang)
    box = leg.get_window_extent(fig.canvas.get_renderer())
    assert box.y0 >= bottom * fig.bbox.height  # the heading of the key messages is below it
    drawn = [t.get_text() for t in leg.get_texts()]
    city = next(d for d in drawn if "◀" in d)
    first, rest = city.split("\n", 1)
    assert "%" in first and "◀" not in first  # the class alone on its line
    assert rest.startswith("◀ Utrecht")  # the mark starts the gemeente's own line
    assert ("12,8%" if lang == "nl" else "12.8%") in rest
    plt.close(fig)


def test_english_pages_say_personas_not_the_dutch_plural():
    assert "Persona's" not in infographic.TEXT["en"]["personas"]
    assert infographic.TEXT["en"]["personas"].startswith("Personas:")
    assert infographic.TEXT["nl"]["personas"].startswith("Persona's:")
