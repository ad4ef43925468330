"""Rows per buurt, the area below the wijk: which registry measures have them, in which buurt a
person counts in a year, and how buurt rows stand to their wijk in disclosure control."""

from harness import measure_over_years

title = "Buurten"
order = 6.5

# A3 and A4 are redistricted in 2022: A3 moves to buurt Zuilen of wijk Noordwest, A4 to another
# buurt of the same wijk West; nobody living there moves house.
REDISTRICTED = """
            | OBJ | 2021       | 2022       |
            | A1  | BU03440100 | BU03440100 |
            | A2  | BU03440101 | BU03440101 |
            | A3  | BU03440101 | BU03440200 |
            | A4  | BU03440101 | BU03440102 |
            """


def test_b1_buurt_of_the_year(rule):
    """A buurt's rows use the geography of their year

    The registry measures (`kopp.aandeel`, `migratie.ggz` and `migratie.psychofarmaca`,
    `nieuwkomers.aandeel` and `nieuwkomers.concentratie`) have a row for every buurt of the
    geography reference, group `totaal` only (the breakdowns by age, herkomst, generatie and
    origin stay at gemeente and wijk level), when `buurt.registry_measures` is on (the
    default). A person counts in the buurt of the address on 1 January t by the VSLGWBTAB
    columns of t, as for the wijk: when CBS redistricts, the same address lies in its new
    buurt from that year on. The buurt rows of a wijk add up to the wijk row.
    """
    rule(
        contract=[4, 8, "conventions"],
        tables={
            "VSLGWBTAB": REDISTRICTED,
            "GBAPERSOONTAB": """
            | P   | JAAR |
            | 1   | 2012 |
            | 2   | 2012 |
            | 3   | 2012 |
            | 4   | 2012 |
            | 5   | 2012 |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20120101 |       | A1  |
            | 2 | 20120101 |       | A2  |
            | 3 | 20120101 |       | A3  |
            | 4 | 20120101 |       | A3  |
            | 5 | 20120101 |       | A4  |
            """,
            "KINDOUDERTAB": """
            | P | Ppa |
            | 1 | 101 |
            | 3 | 101 |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P   | ZVWKGENBASGGZ |
            | 101 | 300           |
            """,
            "ZVWZORGKOSTENTAB2022": """
            | P   | ZVWKGGZZPMTOTAAL |
            | 101 | 300              |
            """,
        },
        question=measure_over_years(
            [2021, 2022],
            "kopp.aandeel",
            by=("year", "area_code"),
            definition="ggz",
            group="totaal",
            area_code=[
                "GM0344",
                "WK034401",
                "WK034402",
                "BU03440100",
                "BU03440101",
                "BU03440102",
                "BU03440200",
            ],
        ),  # fmt: skip
        expected="""
        | year | area_code  | area_level | n_numerator | n_denominator | why |
        | 2021 | GM0344     | gemeente   | 2           | 5             | children 1 and 3 have a parent with GGZ care |
        | 2021 | WK034401   | wijk       | 2           | 5             | all five live in West |
        | 2021 | WK034402   | wijk       | 0           | 0             | |
        | 2021 | BU03440100 | buurt      | 1           | 1             | child 1 (A1) |
        | 2021 | BU03440101 | buurt      | 1           | 4             | children 2, 3, 4 and 5 (A2, A3, A4) |
        | 2021 | BU03440102 | buurt      | 0           | 0             | every buurt is a row, empty ones too |
        | 2021 | BU03440200 | buurt      | 0           | 0             | |
        | 2022 | GM0344     | gemeente   | 2           | 5             | nobody moved house |
        | 2022 | WK034401   | wijk       | 1           | 3             | children 1, 2 and 5 |
        | 2022 | WK034402   | wijk       | 1           | 2             | children 3 and 4: A3 lies in Noordwest from 2022 |
        | 2022 | BU03440100 | buurt      | 1           | 1             | child 1 |
        | 2022 | BU03440101 | buurt      | 0           | 1             | child 2 only |
        | 2022 | BU03440102 | buurt      | 0           | 1             | child 5: A4 lies in Welgelegen from 2022 |
        | 2022 | BU03440200 | buurt      | 1           | 2             | children 3 and 4 in Zuilen |
        """,
    )


def test_b2_newcomers_by_buurt(rule):
    """Newcomers counted in the buurt they moved into

    A newcomer is a newcomer to a wijk (rule N2); the buurt rows split the wijk's newcomers by
    the buurt of the address moved into (by the VSLGWBTAB columns of year t), so they add up
    to the wijk. A move between two buurten of one wijk makes nobody a newcomer.
    """
    rule(
        contract=[22, "conventions"],
        tables={
            "VSLGWBTAB": """
            | OBJ | 2020       | 2021       |
            | A1  | BU03440100 | BU03440100 |
            | A2  | BU03440101 | BU03440101 |
            | B1  | BU03440200 | BU03440200 |
            """,
            "GBAPERSOONTAB": """
            | P | JAAR |
            | 1 | 1980 |
            | 2 | 1980 |
            | 3 | 1980 |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE    | OBJ |
            | 1 | 20100101 | 20210228 | X   |
            | 1 | 20210301 |          | A1  |
            | 2 | 20100101 | 20210228 | A2  |
            | 2 | 20210301 |          | A1  |
            | 3 | 20100101 | 20210228 | B1  |
            | 3 | 20210301 |          | A2  |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P | ZVWKGENBASGGZ |
            | 1 | 100           |
            """,
        },
        question=measure_over_years(
            [2021],
            "nieuwkomers.aandeel",
            by=("area_code",),
            definition="ggz",
            group="totaal",
            area_code=["GM0344", "WK034401", "WK034402", "BU03440100", "BU03440101", "BU03440200"],
        ),  # fmt: skip
        expected="""
        | area_code  | area_level | n_numerator | n_denominator | why |
        | GM0344     | gemeente   | 1           | 2             | newcomers 1 and 3 |
        | WK034401   | wijk       | 1           | 2             | 2 moved within West: no newcomer |
        | WK034402   | wijk       | 0           | 0             | 3 left Noordwest |
        | BU03440100 | buurt      | 1           | 1             | 1 from another gemeente into Lombok |
        | BU03440101 | buurt      | 0           | 1             | 3 from Noordwest into Oog in Al |
        | BU03440200 | buurt      | 0           | 0             | |
        """,
    )


def test_b3_registry_shares_by_buurt(rule):
    """Crude and standardised shares per buurt

    `migratie.ggz` and `migratie.psychofarmaca` have both their crude share (Wilson) and their
    age-sex standardised share per buurt, with the standard population of the gemeente
    (rule M4); persons of unknown sex are left out of the standardised share only (rule M3).
    """
    rule(
        contract=[13, 14],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR | SEX |
            | 1 | 1980 | 1   |
            | 2 | 1980 | 2   |
            | 3 | 1980 | -   |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20100101 |       | A2  |
            | 2 | 20100101 |       | A2  |
            | 3 | 20100101 |       | A2  |
            """,
            "VSLGWBTAB": """
            | OBJ | 2021       |
            | A2  | BU03440101 |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P | ZVWKGENBASGGZ |
            | 1 | 100           |
            | 3 | 100           |
            """,
        },
        question=measure_over_years(
            [2021],
            "migratie.ggz",
            by=("area_code", "method"),
            group="totaal",
            area_code=["BU03440101", "BU03440100"],
        ),  # fmt: skip
        expected="""
        | area_code  | method           | n_numerator | n_denominator | value  | why |
        | BU03440100 | wilson           | 0           | 0             |        | nobody in Lombok |
        | BU03440100 | direct_std_gamma | 0           | 0             |        | |
        | BU03440101 | wilson           | 2           | 3             | 0.6667 | 1 and 3 of all three |
        | BU03440101 | direct_std_gamma | 1           | 2             | 0.5    | man 1 of 1, woman 0 of 1, each stratum half the standard |
        """,
    )


def test_b4_buurt_rows_in_disclosure_control(rule):
    """Buurt rows cannot give a suppressed count away

    In disclosure control the buurt rows of a wijk add up to the wijk row, as the wijken add
    up to the gemeente, within one measure, definition, year and method (rule E7). The audit
    holds every relation at once: a suppressed buurt can be derived neither from its wijk
    minus its published sibling buurten, nor through the wijk's group breakdown (the age
    bands, herkomst or origin of the wijk add up to the same wijk row), nor through a
    suppressed wijk and the gemeente. Empty buurten (no persons) are published as empty.
    """
    rule(
        contract=[25],
        checked_by=[
            "tests/unit/test_disclosure_buurt.py::test_a_lone_suppressed_buurt_gets_a_partner",
            "tests/unit/test_disclosure_buurt.py::test_suppressed_buurt_not_recoverable_through_the_wijk_breakdown",
            "tests/unit/test_disclosure_buurt.py::test_hierarchy_three_levels_in_the_audit",
            "tests/property/test_disclosure_property.py::test_buurt_hierarchy_survives_the_audit",
        ],
    )
