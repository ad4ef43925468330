"""The end labels of a trend figure never overlap: six definitions ending close together (a
user's config with two added definitions) get labels whose drawn boxes do not intersect, inside
the figure, each with a leader line when moved away from its line's end."""

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from wijkzicht.outputs import figures as f


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _series(names, ends, verdict="gelijk") -> pd.DataFrame:
    rows = []
    for name, end in zip(names, ends, strict=True):
        for year, value in zip((2019, 2021, 2023), (end - 0.01, end - 0.005, end), strict=True):
            rows.append({"method": "wilson", "series": name, "role": "line", "year": year, "label": str(year),
                         "value": value, "ci_lower": value - 0.004, "ci_upper": value + 0.004, "state": "ok",
                         "shown": f"{100 * value:.1f}%".replace(".", ","), "verdict": verdict})  # fmt: skip
    return pd.DataFrame(rows)


def _label_boxes(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    texts = [t for t in ax.texts if t.get_text() and t.get_position()[0] > 1]
    return [t.get_window_extent(renderer) for t in texts], fig.bbox, ax


# the six definitions of the user's config (U2) and notes as long as the real figure's, which
# leave the axes little height
NAMES = ["brede definitie", "ouder met psychofarmaca", "ouder met psychofarmaca zonder hypnotica",
         "ouder met GGZ-zorg of verslavingszorg", "ouder met GGZ-zorg", "ouder met verslavingszorg"]  # fmt: skip
NOTES = ["Het 95%-interval is zo smal dat het in de lijn valt. " * 2,
         "Stijgt of daalt: de verandering per jaar is groter dan toeval (het 95%-interval ligt helemaal "
         "boven of onder 'geen verandering'). " * 4]  # fmt: skip


@pytest.mark.parametrize("ends", [
    [0.150, 0.151, 0.152, 0.153, 0.154, 0.155],  # six lines ending almost at one value
    [0.30, 0.10, 0.101, 0.102, 0.099, 0.298],  # two bunches
    [0.02, 0.021, 0.022, 0.023, 0.024, 0.025],  # at the bottom of the axis
    [0.26, 0.178, 0.17, 0.143, 0.141, 0.017],  # the user's figure
])  # fmt: skip
def test_six_end_labels_do_not_overlap(ends):
    fig = f.trend_lines(
        _series(NAMES, ends),
        lang="nl",
        title="Titel",
        notes=NOTES,
        source="Bron: test " * 20,
        subtitle="Percentage van alle kinderen van 0 tot en met 17 jaar",
    )
    boxes, page, ax = _label_boxes(fig)
    assert len(boxes) == 6
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    for b in boxes:  # on the page
        assert b.y0 >= page.y0 and b.y1 <= page.y1 and b.x1 <= page.x1 + 1
    # labels moved away from their line's end have a leader line (an annotation without text)
    leaders = [
        t for t in ax.texts if not t.get_text() and getattr(t, "arrow_patch", None) is not None
    ]
    assert leaders


def test_labels_far_apart_stay_at_their_line_ends_without_leaders():
    fig = f.trend_lines(
        _series(NAMES[:2], [0.05, 0.30]), lang="en", title="T", notes=[], source="S"
    )
    boxes, _, ax = _label_boxes(fig)
    ends = sorted(ax.transData.transform((2023, y))[1] for y in (0.05, 0.30))
    centres = sorted((b.y0 + b.y1) / 2 for b in boxes)
    assert np.allclose(centres, ends, atol=2)
    assert not [t for t in ax.texts if not t.get_text()]
