"""A run without a survey wave (`survey_waves: []`, which the configuration allows) has no rows
for the migratie survey figure: its pages job stopped on a division by zero (Z10). The figure
now says in a sentence that there is nothing to show, under its title, with its Bron line."""

from __future__ import annotations

import matplotlib.pyplot as plt
from test_figure_selection import GM, defs, migratie_measures  # noqa: F401  (fixture)

from wijkzicht.outputs import figure_specs as fs


def test_the_survey_figure_without_survey_rows_says_so(defs, tmp_path):  # noqa: F811
    m = migratie_measures()
    m = m[m["method"] != "survey_taylor"]  # no survey wave
    paths = {"png": tmp_path / "z.png", "svg": tmp_path / "z.svg", "csv": tmp_path / "z.csv"}
    sel = fs.write("migratie_zorgkloof", m, None, defs, paths, lang="nl", gemeente=GM)
    assert sel.empty and all(p.stat().st_size > 0 for p in paths.values())
    w = fs.texts("migratie_zorgkloof", sel, defs, "nl")
    assert w["title"] == "Hoge psychische klachten en GGZ-zorg naar herkomst"  # no ', 0'
    assert w["notes"] == []
    fig = fs.draw("migratie_zorgkloof", sel, defs, lang="nl")
    words = " ".join(t.get_text() for t in fig.findobj(plt.Text))
    assert "Geen cijfers om te tonen" in words and "Bron:" in words
    plt.close(fig)
