"""The four panels of KOPP per wijk (one per definition, two columns): the report prints the
figure at two thirds of its size, and its labels of 7.5 and 8 pt (each wijk's value, the city's
line) came out at 5 pt, too small to read (a new user, U4). Every label in the panels is at
least LABEL_SIZE, 9 pt or more."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from wijkzicht.outputs import figures as f


def _panels(n_series: int = 4) -> pd.DataFrame:
    rows = []
    for s in range(n_series):
        rows.append({"method": "wilson", "series": f"definitie {s}", "role": "reference", "label": "Utrecht",
                     "value": 0.2, "ci_lower": 0.19, "ci_upper": 0.21, "state": "ok", "shown": "20,0%",
                     "mark": ""})  # fmt: skip
        for w, v in enumerate((0.3, 0.2, 0.1)):
            rows.append({"method": "wilson", "series": f"definitie {s}", "role": "point", "label": f"wijk {w}",
                         "value": v, "ci_lower": v - 0.02, "ci_upper": v + 0.02,
                         "state": "ok" if w < 2 else "suppressed", "shown": f"{100 * v:.1f}%".replace(".", ","),
                         "mark": "▲" if w == 0 else ""})  # fmt: skip
    out = pd.DataFrame(rows)
    out.loc[out["state"] != "ok", ["value", "ci_lower", "ci_upper"]] = np.nan
    return out


def test_the_labels_in_a_grid_of_panels_are_readable_in_print():
    fig = f.point_panels(
        _panels(), kind="share", lang="nl", title="Titel", notes=["noot"], source="Bron: test"
    )
    try:
        texts = [t for ax in fig.axes for t in ax.texts if t.get_text()]
        assert any("20,0%" in t.get_text() for t in texts)  # the city's line
        assert any("30,0%" in t.get_text() for t in texts)  # a wijk's value with its mark
        assert min(t.get_fontsize() for t in texts if "onderdrukt" not in t.get_text()) >= 9
        assert f.LABEL_SIZE >= 9
    finally:
        plt.close(fig)
