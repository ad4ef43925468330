"""The column of all persons in the area beside a percentage says it is all of them: 'Aantal
kinderen' / 'Aantal personen' beside a KOPP percentage was taken by a new reader (U2) for the
children with such a parent. The report's table of buurten and the dashboard's tables (nl and
en) name it as the total of the area."""

import re

from wijkzicht.outputs import dashboard, report

MISREAD = re.compile(
    r"^(Aantal|Number of) (kinderen|personen|children|persons|volwassenen|adults|nieuwkomers|newcomers)$"
)


def test_the_report_names_the_column_of_buurten_as_the_areas_total():
    for lang, words in (("nl", "(totaal)"), ("en", "(total)")):
        head = report.WORDS[lang]["buurten_head"][-1]
        assert not MISREAD.match(head.format(subject="kinderen", Subject="Kinderen")), head
        assert head.endswith(words)


def test_the_dashboard_names_its_count_column_as_the_areas_total():
    for lang, words in (
        ("nl", "Personen in het gebied (totaal)"),
        ("en", "Persons in the area (total)"),
    ):
        t = dashboard.TEXT[lang]
        assert t["n"] == words
        assert not MISREAD.match(t["n"])
        # a survey figure counts respondents: said as such, never as persons in the area
        assert "ondervraagden" in t["n_survey"] or "respondents" in t["n_survey"]
