"""Vulnerable people moving into a wijk (*kwetsbare nieuwkomers*): who is a newcomer to
which wijk in a year, where the move came from, the markers of vulnerability, and how the
newcomer shares and their concentration ratio count persons."""

from harness import newcomer_years, newcomers_in, nieuwkomers_measure

title = "Newcomers to a wijk"
order = 5

BORN_1980 = """
            | P | JAAR |
            | 1 | 1980 |
            | 2 | 1980 |
            | 3 | 1980 |
            | 4 | 1980 |
            | 5 | 1980 |
            | 6 | 1980 |
            | 7 | 1980 |
"""
MOVED_IN_JUNE = """
            | P | AANVANG  | EINDE    | OBJ |
            | 1 | 20100101 | 20210531 | X   |
            | 1 | 20210601 |          | W01 |
            | 2 | 20100101 | 20210531 | X   |
            | 2 | 20210601 |          | W01 |
            | 3 | 20100101 | 20210531 | X   |
            | 3 | 20210601 |          | W01 |
            | 4 | 20100101 | 20210531 | X   |
            | 4 | 20210601 |          | W01 |
            | 5 | 20100101 | 20210531 | X   |
            | 5 | 20210601 |          | W01 |
            | 6 | 20100101 | 20210531 | X   |
            | 6 | 20210601 |          | W01 |
            | 7 | 20100101 | 20210531 | X   |
            | 7 | 20210601 |          | W01 |
"""


def test_n1_years(rule):
    """The years with newcomer measures

    The markers look one year back, so year t is computed only when the tables of year t-1
    are there: data for 2019-2023 give newcomers for 2020-2023.
    """
    rule(
        contract=[19],
        question=newcomer_years(),
        expected="""
        | data years | newcomer years | why |
        | 2019-2023  | 2020-2023      | |
        | 2020-2021  | 2021           | |
        | 2021       | none           | no year before the first |
        """,
    )


def test_n2_who_is_a_newcomer(rule):
    """A newcomer to a wijk

    A newcomer to wijk W in year t is a person with an address spell that begins in year t
    at an address in W (placed by the VSLGWBTAB columns of year t), whose previous spell, if
    any, was not in W. The origin of the move is `binnen_gemeente` (from elsewhere in the
    gemeente), `buiten_gemeente` (from outside) or `onbekend` (no previous spell).
    """
    rule(
        contract=["conventions"],
        tables={
            "VSLGWBTAB": """
            | OBJ  | 2020     | 2021     |
            | W01b | WK034401 | WK034401 |
            """,
            "GBAPERSOONTAB": BORN_1980,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE    | OBJ  |
            | 1 | 20100101 | 20201231 | X    |
            | 1 | 20210101 |          | W01  |
            | 2 | 20100101 | 20211230 | W03  |
            | 2 | 20211231 |          | W01  |
            | 3 | 20100101 | 20210314 | W01  |
            | 3 | 20210315 |          | W01b |
            | 4 | 20200601 |          | W01  |
            | 5 | 20210601 |          | W03  |
            """,
        },
        question=newcomers_in(2021),
        expected="""
        | person | wijk     | newcomer | moved    | origin          | why |
        | 1      | WK034401 | yes      | 20210101 | buiten_gemeente | moved in on 1 January 2021 |
        | 2      | WK034401 | yes      | 20211231 | binnen_gemeente | from Overvecht on 31 December 2021 |
        | 3      | WK034401 | no       |          |                 | moved within West |
        | 4      | WK034401 | no       |          |                 | moved in 2020 |
        | 5      | WK034403 | yes      | 20210601 | onbekend        | no previous spell |
        """,
    )


def test_n3_previous_address(rule):
    """The previous address

    The previous spell is the one with the latest earlier begin date. Both addresses are
    placed with the VSLGWBTAB columns of year t, so a move within an address that changed
    wijk counts by the new boundaries. A previous address without a place in year t lies
    outside W: origin `buiten_gemeente`.
    """
    rule(
        contract=[20],
        tables={
            "VSLGWBTAB": """
            | OBJ | 2020     | 2021     |
            | B1  | WK034401 | WK034402 |
            | B2  | WK034401 |          |
            """,
            "GBAPERSOONTAB": BORN_1980,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE    | OBJ |
            | 1 | 20100101 | 20210501 | B1  |
            | 1 | 20210502 |          | W01 |
            | 2 | 20100101 | 20210401 | B2  |
            | 2 | 20210402 |          | W01 |
            | 3 | 20000101 | 20091231 | X   |
            | 3 | 20100101 | 20210131 | W01 |
            | 3 | 20210201 |          | W03 |
            | 4 | 20000101 | 20141231 | W01 |
            | 4 | 20150101 | 20210228 | X   |
            | 4 | 20210301 |          | W01 |
            """,
        },
        question=newcomers_in(2021),
        expected="""
        | person | wijk     | newcomer | origin          | why |
        | 1      | WK034401 | yes      | binnen_gemeente | B1 lies in Noordwest by the 2021 columns |
        | 2      | WK034401 | yes      | buiten_gemeente | B2 has no place in 2021 |
        | 3      | WK034403 | yes      | binnen_gemeente | the previous spell is in West, not the one in X before it |
        | 4      | WK034401 | yes      | buiten_gemeente | the previous spell is in X, not the earlier one in West |
        """,
    )


def test_n4_once_per_wijk(rule):
    """Once per wijk and year

    A person counts once per wijk and year, by the first move into that wijk in the year;
    moving into two wijken in one year makes the person a newcomer to both.
    """
    rule(
        contract=["conventions"],
        tables={
            "VSLGWBTAB": """
            | OBJ  | 2020     | 2021     |
            | W01b | WK034401 | WK034401 |
            """,
            "GBAPERSOONTAB": BORN_1980,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE    | OBJ  |
            | 1 | 20150101 | 20210131 | W03  |
            | 1 | 20210201 | 20210228 | W01  |
            | 1 | 20210301 | 20210331 | W03  |
            | 1 | 20210401 |          | W01  |
            | 2 | 20100101 | 20210228 | X    |
            | 2 | 20210301 | 20210531 | W01  |
            | 2 | 20210601 |          | W01b |
            """,
        },
        question=newcomers_in(2021),
        expected="""
        | person | wijk     | newcomer | moved    | origin          | why |
        | 1      | WK034401 | yes      | 20210201 | binnen_gemeente | the first of two moves into West |
        | 1      | WK034403 | yes      | 20210301 | binnen_gemeente | back to Overvecht in March |
        | 2      | WK034401 | yes      | 20210301 | buiten_gemeente | the second move stays within West |
        """,
    )


def test_n5_any_age(rule):
    """Newcomers of any age

    Newcomers have no age limit and need no person record. A person born in year t
    (GBAGEBOORTEJAAR = t) is not a newcomer in year t, wherever their first address is.
    """
    rule(
        contract=[2, 21],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR | MAAND |
            | 1 | 2021 | 03    |
            | 2 | 2020 | 11    |
            | 4 | 1930 | 01    |
            | 5 | 2021 | 01    |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE    | OBJ |
            | 1 | 20210301 |          | W01 |
            | 2 | 20201115 | 20210531 | W01 |
            | 2 | 20210601 |          | W03 |
            | 3 | 20100101 | 20210531 | X   |
            | 3 | 20210601 |          | W03 |
            | 4 | 19600101 | 20210531 | X   |
            | 4 | 20210601 |          | W03 |
            | 5 | 20210105 | 20210531 | X   |
            | 5 | 20210601 |          | W03 |
            """,
        },
        question=newcomers_in(2021),
        expected="""
        | person | wijk     | newcomer | origin          | why |
        | 1      | WK034401 | no       |                 | born in 2021 |
        | 2      | WK034403 | yes      | binnen_gemeente | born in 2020: no age limit |
        | 3      | WK034403 | yes      | buiten_gemeente | no GBAPERSOONTAB row |
        | 4      | WK034403 | yes      | buiten_gemeente | |
        | 5      | WK034403 | no       |                 | born in 2021, though the move is their second |
        """,
    )


def test_n6_ggz_marker(rule):
    """Marker: GGZ care

    A newcomer of year t has the marker `ggz` with GGZ care in year t-1 or in year t.
    """
    rule(
        contract=["conventions"],
        tables={
            "GBAPERSOONTAB": BORN_1980,
            "GBAADRESOBJECTBUS": MOVED_IN_JUNE,
            "ZVWZORGKOSTENTAB2019": """
            | P | ZVWKGENBASGGZ |
            | 3 | 100           |
            """,
            "ZVWZORGKOSTENTAB2020": """
            | P | ZVWKGENBASGGZ |
            | 1 | 100           |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P | ZVWKGENBASGGZ |
            | 2 | 100           |
            """,
        },
        question=newcomers_in(2021),
        expected="""
        | person | wijk     | newcomer | ggz | why |
        | 1      | WK034401 | yes      | yes | GGZ care in 2020 |
        | 2      | WK034401 | yes      | yes | GGZ care in 2021 |
        | 3      | WK034401 | yes      | no  | GGZ care in 2019 only |
        | 4      | WK034401 | yes      | no  | |
        | 5      | WK034401 | yes      | no  | |
        | 6      | WK034401 | yes      | no  | |
        | 7      | WK034401 | yes      | no  | |
        """,
    )


def test_n7_leaving_sheltered_housing(rule):
    """Marker: leaving sheltered housing or shelter

    A newcomer moving on date m has the marker `uitstroom_bw_mo` when a provision `BW` or
    `MO` of theirs ended in the 365 calendar days before the move, both ends included: its
    end date lies in [m - 365 days, m]. A provision still running, one ending after the move,
    or one without a begin date does not count.
    """
    rule(
        contract=[3, 23],
        tables={
            "GBAPERSOONTAB": BORN_1980,
            "GBAADRESOBJECTBUS": MOVED_IN_JUNE,
            "GEMWMOVOORZIENINGEN": """
            | P | VOORZIENING | DATUMBEGIN | DATUMEINDE |
            | 1 | BW          | 20180101   | 20200601   |
            | 2 | MO          | 20190101   | 20200531   |
            | 3 | BW          | 20190101   | 20210601   |
            | 4 | MO          | 20200101   |            |
            | 5 | HH          | 20200101   | 20210101   |
            | 6 | BW          |            | 20210101   |
            | 7 | BW          | 20190101   | 20210602   |
            """,
        },
        question=newcomers_in(2021),
        expected="""
        | person | wijk     | newcomer | uitstroom_bw_mo | why |
        | 1      | WK034401 | yes      | yes             | ended 1 June 2020: exactly 365 days before the move |
        | 2      | WK034401 | yes      | no              | ended 366 days before the move |
        | 3      | WK034401 | yes      | yes             | ended on the day of the move |
        | 4      | WK034401 | yes      | no              | still running |
        | 5      | WK034401 | yes      | no              | household help is no sheltered housing |
        | 6      | WK034401 | yes      | no              | no begin date |
        | 7      | WK034401 | yes      | no              | ended the day after the move |
        """,
    )


def test_n8_low_income_marker(rule):
    """Marker: low income the year before

    A newcomer of year t has the marker `laag_inkomen` with a low income (percentile 1 to 10)
    in year t-1; a low income in year t itself does not count.
    """
    rule(
        contract=[7],
        tables={
            "GBAPERSOONTAB": BORN_1980,
            "GBAADRESOBJECTBUS": MOVED_IN_JUNE,
            "KOPPELPERSOONHUISHOUDEN2020": """
            | P | HKW |
            | 1 | 901 |
            | 3 | 903 |
            """,
            "INHATAB2020": """
            | HKW | INHP100HBEST |
            | 901 | 5            |
            | 903 | -1           |
            """,
            "KOPPELPERSOONHUISHOUDEN2021": """
            | P | HKW |
            | 2 | 902 |
            """,
            "INHATAB2021": """
            | HKW | INHP100HBEST |
            | 902 | 3            |
            """,
        },
        question=newcomers_in(2021),
        expected="""
        | person | wijk     | newcomer | laag_inkomen | why |
        | 1      | WK034401 | yes      | yes          | percentile 5 in 2020 |
        | 2      | WK034401 | yes      | no           | low income in 2021 only |
        | 3      | WK034401 | yes      | no           | percentile unknown in 2020 |
        | 4      | WK034401 | yes      | no           | |
        | 5      | WK034401 | yes      | no           | |
        | 6      | WK034401 | yes      | no           | |
        | 7      | WK034401 | yes      | no           | |
        """,
    )


def test_n9_broad_marker(rule):
    """Marker: any of them

    The marker `breed` (broad) is any of `ggz`, `uitstroom_bw_mo` and `laag_inkomen`.
    """
    rule(
        contract=["conventions"],
        tables={
            "GBAPERSOONTAB": BORN_1980,
            "GBAADRESOBJECTBUS": MOVED_IN_JUNE,
            "ZVWZORGKOSTENTAB2021": """
            | P | ZVWKGENBASGGZ |
            | 1 | 100           |
            """,
            "GEMWMOVOORZIENINGEN": """
            | P | VOORZIENING | DATUMBEGIN | DATUMEINDE |
            | 2 | MO          | 20200101   | 20210301   |
            """,
            "KOPPELPERSOONHUISHOUDEN2020": """
            | P | HKW |
            | 3 | 903 |
            | 4 | 903 |
            """,
            "INHATAB2020": """
            | HKW | INHP100HBEST |
            | 903 | 10           |
            """,
            "MEDICIJNTAB2021": """
            | P | ATC4 |
            | 5 | N06A |
            """,
        },
        question=newcomers_in(2021),
        expected="""
        | person | wijk     | newcomer | ggz | uitstroom_bw_mo | laag_inkomen | breed | why |
        | 1      | WK034401 | yes      | yes | no              | no           | yes   | |
        | 2      | WK034401 | yes      | no  | yes             | no           | yes   | |
        | 3      | WK034401 | yes      | no  | no              | yes          | yes   | |
        | 4      | WK034401 | yes      | no  | no              | yes          | yes   | same household as 3 |
        | 5      | WK034401 | yes      | no  | no              | no           | no    | psychofarmaca is no marker |
        | 6      | WK034401 | yes      | no  | no              | no           | no    | |
        | 7      | WK034401 | yes      | no  | no              | no           | no    | |
        """,
    )


def test_n10_gemeente_is_the_sum_of_wijken(rule):
    """The gemeente counts person-wijk pairs

    `nieuwkomers.aandeel` is the share of newcomers with a marker, by wijk, gemeente and
    origin. The gemeente row is the sum of the wijk rows: a person who became a newcomer to
    two wijken in the year counts twice there.
    """
    rule(
        contract=[22],
        tables={
            "GBAPERSOONTAB": BORN_1980,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE    | OBJ |
            | 1 | 20100101 | 20210228 | X   |
            | 1 | 20210301 | 20210630 | W01 |
            | 1 | 20210701 |          | W03 |
            | 2 | 20100101 | 20210228 | X   |
            | 2 | 20210301 |          | W01 |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P | ZVWKGENBASGGZ |
            | 1 | 100           |
            """,
        },
        question=nieuwkomers_measure(
            2021,
            "nieuwkomers.aandeel",
            by=("area_code", "group_value"),
            definition="ggz",
            area_code=["GM0344", "WK034401", "WK034403"],
            group_value=["totaal", "binnen_gemeente", "buiten_gemeente"],
        ),
        expected="""
        | area_code | group_value     | n_numerator | n_denominator | why |
        | GM0344    | totaal          | 2           | 3             | 1 in West, 1 in Overvecht, 2 in West |
        | GM0344    | binnen_gemeente | 1           | 1             | 1 moving on from West to Overvecht |
        | GM0344    | buiten_gemeente | 1           | 2             | |
        | WK034401  | totaal          | 1           | 2             | |
        | WK034401  | binnen_gemeente | 0           | 0             | |
        | WK034401  | buiten_gemeente | 1           | 2             | |
        | WK034403  | totaal          | 1           | 1             | |
        | WK034403  | binnen_gemeente | 1           | 1             | |
        | WK034403  | buiten_gemeente | 0           | 0             | |
        """,
    )


def test_n11_concentration(rule):
    """Concentration among newcomers

    `nieuwkomers.concentratie` (for `ggz` and `laag_inkomen`) divides the share with the
    marker among the newcomers to W by the same share among W's residents on 1 January t:
    every person living in W that day, of any age, with or without a person record, the
    markers evaluated the same way. Gemeente and wijk, group `totaal`, method `ratio_katz`
    (`se` the standard error of the log ratio; `se` and interval empty when either share is
    0; the value 0 when no newcomer has the marker, empty when no resident has it); the
    count columns hold the newcomers' counts.
    """
    rule(
        contract=[24],
        tables={
            "GBAPERSOONTAB": """
            | P  | JAAR |
            | 1  | 1980 |
            | 2  | 1980 |
            | 3  | 1980 |
            | 11 | 1980 |
            | 13 | 2015 |
            | 14 | 1980 |
            | 21 | 1980 |
            | 22 | 1980 |
            """,
            "GBAADRESOBJECTBUS": """
            | P  | AANVANG  | EINDE    | OBJ |
            | 1  | 20100101 | 20210531 | X   |
            | 1  | 20210601 |          | W01 |
            | 2  | 20100101 | 20210531 | X   |
            | 2  | 20210601 |          | W01 |
            | 3  | 20100101 | 20210531 | X   |
            | 3  | 20210601 |          | W03 |
            | 11 | 20100101 |          | W01 |
            | 12 | 20100101 |          | W01 |
            | 13 | 20150101 |          | W01 |
            | 14 | 20100101 |          | W01 |
            | 21 | 20100101 |          | W03 |
            | 22 | 20100101 |          | W03 |
            """,
            "ZVWZORGKOSTENTAB2020": """
            | P  | ZVWKGENBASGGZ |
            | 12 | 100           |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P  | ZVWKGENBASGGZ |
            | 1  | 100           |
            | 3  | 100           |
            | 11 | 100           |
            """,
        },
        question=nieuwkomers_measure(
            2021,
            "nieuwkomers.concentratie",
            definition="ggz",
            area_code=["GM0344", "WK034401", "WK034403"],
        ),
        expected="""
        | area_code | method     | n_numerator | n_denominator | value | se     | why |
        | GM0344    | ratio_katz | 2           | 3             | 2     | 0.7071 | newcomers 2/3; residents 2/6 (11 and 12) |
        | WK034401  | ratio_katz | 1           | 2             | 1     | 0.866  | newcomers 1/2; residents 2/4: 11, and 12 without person record |
        | WK034403  | ratio_katz | 1           | 1             |       |        | no resident of Overvecht has GGZ care |
        """,
    )
