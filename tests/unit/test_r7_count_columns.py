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


def test_the_workbook_names_both_counts_so_neither_is_taken_for_the_other():
    from wijkzicht.outputs import workbook

    for lang, count, total in (("nl", "Aantal dat meetelt 2023", "Totaal in de groep 2023"),
                               ("en", "Counted 2023", "Total in the group 2023")):  # fmt: skip
        t = workbook.TEXT[lang]
        assert t["count"].format(year=2023) == count and t["total"].format(year=2023) == total
        # the reading guide says which is which, with KOPP's children as the example
        assert ("alle kinderen" if lang == "nl" else "all children") in t["counts"]
