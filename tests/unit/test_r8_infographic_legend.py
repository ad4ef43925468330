"""U3 (F2): on Zeist's infographic the small map's legend ('onderdrukt (te weinig personen, of
anders terug te rekenen)') ran into the x axis label of the trend beside it. The legend now wraps
(and, when wrapping makes it too tall, gets smaller) until it ends left of the trend's column and
above the key messages' heading; measured as the infographic's text tests measure (text boxes)."""

import matplotlib.pyplot as plt
import pytest
from test_maps import measures_table
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import infographic, maps


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_map_legend_stays_in_its_own_column(lang):
    sel = maps.select("kopp", measures_table(), parse_definitions(config()), None, lang=lang,
                      gemeente="GM0344")  # fmt: skip
    assert (sel["state"] == "suppressed").any()  # the long label is there
    fig = plt.figure(figsize=infographic.A4)
    # the infographic's map axes; a map that keeps its aspect shrinks to the middle of them
    ax = fig.add_axes((0.04, 0.475, 0.58, 0.22))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.4)
    ax.set_aspect("equal")
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()
    # as before: two columns wrapped at 36 characters, anchored under the shrunken map
    before = maps.add_legend(ax, sel, lang=lang, loc="upper left", anchor=(0.03, 0.0), fontsize=7.2,
                             ncol=2)  # fmt: skip
    right, bottom = 0.58, infographic.MESSAGES_TOP + 0.005
    assert before.get_window_extent(renderer).x1 > right * fig.bbox.width  # it ran over
    leg = infographic.legend_within(ax, sel, lang, right=right, bottom=bottom)
    fig.canvas.draw()
    box = leg.get_window_extent(fig.canvas.get_renderer())
    # never into the trend's column, nor into the heading below it (nl: the seven lines of this
    # legend fit wrapped; en's longer words did not at the smallest size and ran into the
    # heading: its suppressed line now says its word alone, which the reading box explains, R9)
    assert box.x1 <= right * fig.bbox.width
    assert box.y0 >= bottom * fig.bbox.height
    words = maps.TEXT[lang]["suppressed"]
    drawn = [t.get_text() for t in leg.get_texts()]
    if lang == "nl":
        assert words in [d.replace("\n", " ") for d in drawn] and words not in drawn  # wrapped
    else:
        assert "suppressed" in drawn
    plt.close(fig)
