"""The factsheet's line and the dashboard's section say apart that only the uncertainty of a
figure moved (changes.csv `zichtbaar` interval), and do not count it as changed (U11 finding 10:
'Zuid: 1 cijfer veranderd' of a model estimate 49% (44-53) that became 49% (44-54))."""

from test_changes_r7 import _written, releases

from wijkzicht.outputs import dashboard, factsheet


def test_the_factsheet_says_only_the_uncertainty_moved(tmp_path):
    ch = _written(tmp_path, *releases())
    line = factsheet.changes_line(ch, "WK034407", "Zuid", "nl")
    assert line == (
        "Sinds de vorige uitgave is geen cijfer over Zuid of de buurten daarin veranderd. Bij 1 "
        "cijfer is alleen de onzekerheid (het 95%-interval) iets anders; het cijfer zelf is "
        "gelijk gebleven."
    )
    # Overvecht's changed: counted, no interval sentence
    assert "Bij 1 cijfer" not in factsheet.changes_line(ch, "WK034403", "Overvecht", "nl")


def test_the_dashboard_says_it_per_theme(tmp_path):
    ch = _written(tmp_path, *releases())
    html = dashboard.changes_section(ch[ch["area_name"] == "Zuid"], "nl")
    assert "geen cijfer veranderd; bij 1 cijfer is alleen de onzekerheid" in html
    assert "1 cijfer veranderd" not in html
