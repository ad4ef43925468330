"""The conditions a person meets in a year: mental-health care, medicines, addiction care,
sheltered housing or shelter, a youth-team trajectory and low income. The themes build on
them: a child's parent meets a condition, a newcomer meets one in the year of the move or the
year before, an adult meets one in year t. A condition counts for everybody in the source
tables, wherever the person lives."""

from harness import conditions_in

title = "Conditions in a year"
order = 2


def test_c1_ggz_care_up_to_2021(rule):
    """GGZ care up to 2021

    A person has GGZ care (mental-health care, *GGZ-zorg*) in a year up to 2021 when the GGZ
    costs of that year, `ZVWKGENBASGGZ + ZVWKSPECGGZ` in ZVWZORGKOSTENTAB, add up to more
    than 0. A missing cost counts as 0; a sum of 0 or less (a negative correction) is no care;
    no row is no care. Rows of persons not linked to the register never count.
    """
    rule(
        contract=[5, "conventions"],
        tables={
            "ZVWZORGKOSTENTAB2021": """
            | S | P | ZVWKGENBASGGZ | ZVWKSPECGGZ |
            | R | 1 | 250.5         |             |
            | R | 2 |               | 10          |
            | R | 3 | 50            | -50         |
            | R | 4 | -20           | 0           |
            | R | 5 | 0             | 0           |
            | I | 6 | 900           | 0           |
            """,
        },
        question=conditions_in(2021),
        expected="""
        | person | ggz | why |
        | 1      | yes | a missing cost counts as 0 |
        | 2      | yes | |
        | 3      | no  | the costs add up to 0 |
        | 4      | no  | a negative correction is no care |
        | 5      | no  | no costs |
        | 6      | no  | series I: not linked |
        | 7      | no  | no row |
        """,
    )


def test_c2_ggz_care_from_2022(rule):
    """GGZ care from 2022

    From 2022 the GGZ costs are one column, `ZVWKGGZZPMTOTAAL`. The columns are chosen by the
    year, not by what a file holds: a 2022 file that still carries the old columns is read
    from the new column only.
    """
    rule(
        contract=[5, "conventions"],
        tables={
            "ZVWZORGKOSTENTAB2022": """
            | P | ZVWKGENBASGGZ | ZVWKSPECGGZ | ZVWKGGZZPMTOTAAL |
            | 1 | 500           | 0           |                  |
            | 2 |               |             | 120.5            |
            | 3 |               |             | -10              |
            """,
        },
        question=conditions_in(2022),
        expected="""
        | person | ggz | why |
        | 1      | no  | in 2022 the old columns do not count |
        | 2      | yes | |
        | 3      | no  | a negative correction is no care |
        """,
    )


def test_c3_psychofarmaca(rule):
    """Psychofarmaca

    A person uses psychofarmaca in a year when MEDICIJNTAB of that year holds an ATC4 code of
    the codelist `psychofarmaca`: N05A, N05B, N05C, N06A, N06B, N06C. Codes are compared
    whole, after trimming spaces: `N05` or `N07B` is not on the list.
    """
    rule(
        contract=[6, "conventions"],
        tables={
            "MEDICIJNTAB2021": """
            | P | ATC4 |
            | 1 | N05C |
            | 2 | N06A |
            | 3 | N07B |
            | 4 | N05  |
            | 5 | C09A |
            | 5 | N06B |
            """,
        },
        question=conditions_in(2021),
        expected="""
        | person | psychofarmaca | why |
        | 1      | yes           | hypnotics and sedatives |
        | 2      | yes           | antidepressants |
        | 3      | no            | N07B is not on the list |
        | 4      | no            | N05 is no ATC4 code of the list |
        | 5      | yes           | one code on the list is enough |
        """,
    )


def test_c4_addiction_care(rule):
    """Addiction care

    A person has addiction care (*verslavingszorg*) in a year when GGZDBCTRAJECTENHOOFDDIAGTAB
    of that year holds a trajectory in circuit `5`, or with a main diagnosis that starts with
    `as1_4`. The diagnosis prefix is literal text: the `_` is an underscore, not a wildcard.
    """
    rule(
        contract=[6, "conventions"],
        tables={
            "GGZDBCTRAJECTENHOOFDDIAGTAB2021": """
            | P | DIAGNOSE | CIRCUIT |
            | 1 | as1_7.1  | 5       |
            | 2 | as1_4.2  | 2       |
            | 3 | as1x4    | 2       |
            | 4 | as1_4    |         |
            | 5 | as2_4.1  | 50      |
            """,
        },
        question=conditions_in(2021),
        expected="""
        | person | verslaving | why |
        | 1      | yes        | circuit 5 |
        | 2      | yes        | diagnosis starting with as1_4 |
        | 3      | no         | as1x4 does not start with as1_4 |
        | 4      | yes        | |
        | 5      | no         | circuit 50 is not circuit 5 |
        """,
    )


def test_c5_sheltered_housing_or_shelter(rule):
    """Sheltered housing or shelter

    A person has sheltered housing or shelter (*beschermd wonen / maatschappelijke opvang*) in
    year t when a GEMWMOVOORZIENINGEN provision `BW` or `MO` is active in t: it begins on or
    before 31 December t and ends on or after 1 January t. Without an end date it is still
    running; without a begin date it is never active. Other provisions do not count.
    """
    rule(
        contract=[3, "conventions"],
        tables={
            "GEMWMOVOORZIENINGEN": """
            | P | VOORZIENING | DATUMBEGIN | DATUMEINDE |
            | 1 | BW          | 20190101   | 20210101   |
            | 2 | MO          | 20211231   |            |
            | 3 | BW          | 20180101   | 20201231   |
            | 4 | HH          | 20200101   |            |
            | 5 | BW          |            |            |
            | 6 | MO          | 20220101   |            |
            """,
        },
        question=conditions_in(2021),
        expected="""
        | person | bw_mo | why |
        | 1      | yes   | ends on 1 January 2021 |
        | 2      | yes   | begins on 31 December 2021 |
        | 3      | no    | ended in 2020 |
        | 4      | no    | household help is no sheltered housing |
        | 5      | no    | no begin date: never active |
        | 6      | no    | begins in 2022 |
        """,
    )


def test_c6_youth_team(rule):
    """Youth-team trajectory

    A person has a youth-team trajectory (*jeugd en gezin*) in year t when a GEMBUURTTEAM
    trajectory of team `JG` is active in t, read as for provisions: begin on or before
    31 December t, end on or after 1 January t, no begin date never active.
    """
    rule(
        contract=[12],
        tables={
            "GEMBUURTTEAM": """
            | P | TEAM | DATUMBEGIN | DATUMEINDE |
            | 1 | JG   | 20200101   | 20210105   |
            | 2 | SOC  | 20200101   |            |
            | 3 | JG   | 20190101   | 20201231   |
            | 4 | JG   |            | 20211231   |
            """,
        },
        question=conditions_in(2021),
        expected="""
        | person | jeugdteam | why |
        | 1      | yes       | ends on 5 January 2021 |
        | 2      | no        | the social team is not the youth team |
        | 3      | no        | ended in 2020 |
        | 4      | no        | no begin date |
        """,
    )


def test_c7_low_income(rule):
    """Low income

    A person has a low income in year t when their income household of t (through
    KOPPELPERSOONHUISHOUDEN of t) is in percentile 1 to 10 of INHATAB of t
    (`INHP100HBEST`). A percentile of -1 or missing, no household link, or a household
    missing from INHATAB is not low income. Every member of the household shares it.
    """
    rule(
        contract=[7, "conventions"],
        tables={
            "KOPPELPERSOONHUISHOUDEN2021": """
            | P | HKW |
            | 1 | 901 |
            | 2 | 901 |
            | 3 | 902 |
            | 4 | 903 |
            | 5 | 904 |
            | 6 | 905 |
            | 7 | 906 |
            | 8 |     |
            """,
            "INHATAB2021": """
            | HKW | INHP100HBEST |
            | 901 | 1            |
            | 902 | 10           |
            | 903 | 11           |
            | 904 | -1           |
            | 905 |              |
            """,
        },
        question=conditions_in(2021),
        expected="""
        | person | laag_inkomen | why |
        | 1      | yes          | percentile 1 |
        | 2      | yes          | same household as 1 |
        | 3      | yes          | percentile 10 |
        | 4      | no           | percentile 11 |
        | 5      | no           | percentile unknown (-1) |
        | 6      | no           | percentile missing |
        | 7      | no           | household 906 is not in INHATAB |
        | 8      | no           | no household link |
        """,
    )
