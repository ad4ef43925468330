"""Who the pipeline counts at all, and where: the person key, living in an area on the
reference date (peildatum, 1 January of year t), age, and the address data that stop a run.
These rules hold for every theme."""

from harness import ingest_spells, residents_on

title = "Linking persons and living in the gemeente"
order = 1


def test_l1_linked_persons_only(rule):
    """Only persons linked to the population register count

    A person is counted only with RINPERSOONS `R` (linked to the population register,
    *gekoppeld aan de BRP*) and a non-empty RINPERSOON. A row of any other series, or without
    a number, never counts anywhere: not as a resident, parent, newcomer or respondent. The
    person key is always the pair (RINPERSOONS, RINPERSOON), never the number alone.
    """
    rule(
        contract=[1, "inputs"],
        tables={
            "GBAPERSOONTAB": """
            | S | P | JAAR |
            | R | 1 | 1980 |
            | I | 2 | 1980 |
            | I | 3 | 1980 |
            """,
            "GBAADRESOBJECTBUS": """
            | S | P | AANVANG  | EINDE | OBJ |
            | R | 1 | 20100101 |       | W01 |
            | I | 2 | 20100101 |       | W01 |
            | R |   | 20100101 |       | W01 |
            | R | 3 | 20100101 |       | W03 |
            """,
        },
        question=residents_on(2021),
        expected="""
        | person | resident | wijk     | age | why |
        | 1      | yes      | WK034401 | 41  | linked, lives in W01 |
        | 2      | no       |          |     | series I: not linked |
        | (none) | no       |          |     | no person number |
        | 3      | yes      | WK034403 |     | R 3 is linked; the GBAPERSOONTAB row belongs to I 3, another person, so R 3 has no age |
        """,
    )


def test_l2_resident_on_the_reference_date(rule):
    """Living in an area on 1 January

    A person lives in an area in year t when one of their address spells covers 1 January t
    (begin on or before that day, end on or after it) at an address that lies in the area on
    1 January t. Moving in on 1 January counts; moving in on 2 January does not; a spell
    that ends on 1 January still covers that day.
    """
    rule(
        contract=[3, "conventions"],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR |
            | 1 | 1980 |
            | 2 | 1980 |
            | 3 | 1980 |
            | 4 | 1980 |
            | 5 | 1980 |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE    | OBJ |
            | 1 | 20150101 |          | W01 |
            | 2 | 20100101 | 20201231 | X   |
            | 2 | 20210101 |          | W01 |
            | 3 | 20100101 | 20210101 | X   |
            | 3 | 20210102 |          | W03 |
            | 4 | 20100101 | 20210101 | W03 |
            | 4 | 20210102 |          | X   |
            | 5 | 20100101 | 20201231 | W01 |
            """,
        },
        question=residents_on(2021),
        expected="""
        | person | resident | wijk     | why |
        | 1      | yes      | WK034401 | spell still running |
        | 2      | yes      | WK034401 | moved in on 1 January 2021 |
        | 3      | no       |          | moved in on 2 January 2021; on 1 January in another gemeente |
        | 4      | yes      | WK034403 | moved out on 2 January 2021 |
        | 5      | no       |          | the only spell ended on 31 December 2020 |
        """,
    )


def test_l3_empty_dates(rule):
    """Empty begin and end dates

    An empty end date means the spell is still running (read as 31 December 2050). A spell
    with an empty begin date is never active: it places nobody anywhere, on any date.
    """
    rule(
        contract=[3],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR |
            | 1 | 1980 |
            | 2 | 1980 |
            | 3 | 1980 |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE    | OBJ |
            | 1 | 20100101 |          | W01 |
            | 2 |          |          | W01 |
            | 3 |          | 20501231 | W01 |
            | 3 | 20100101 |          | W03 |
            """,
        },
        question=residents_on(2021),
        expected="""
        | person | resident | wijk     | why |
        | 1      | yes      | WK034401 | no end date: still running |
        | 2      | no       |          | no begin date: never active |
        | 3      | yes      | WK034403 | the spell without begin date does not count; the other places the person in W03 |
        """,
    )


def test_l4_overlapping_spells_stop_the_run(rule):
    """Overlapping address spells are an input error

    A person lives at one address at a time: two address spells of one person that cover
    the same day are an input error, and the run stops with a message naming the table, the
    file and the rows. A spell without a begin date is never active, so it overlaps nothing.
    """
    rule(
        contract=[3, "inputs"],
        tables={
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE    | OBJ |
            | 1 | 20100101 | 20201231 | W01 |
            | 1 | 20210101 |          | W03 |
            | 2 | 20100101 | 20210101 | W01 |
            | 2 | 20210101 |          | W03 |
            | 3 | 20100101 | 20210301 | W01 |
            | 3 | 20210201 |          | W03 |
            | 4 |          |          | W01 |
            | 4 | 20100101 |          | W03 |
            """,
        },
        question=ingest_spells(),
        expected="""
        | person | spells      | why |
        | 1      | accepted    | one spell ends on 31 December, the next begins on 1 January |
        | 2      | input error | both spells cover 1 January 2021 |
        | 3      | input error | the spells share February 2021 |
        | 4      | accepted    | the spell without begin date is never active |
        """,
    )


def test_l5_unmapped_addresses_place_nobody(rule):
    """An address without a place that year places nobody

    An address object is placed in a gemeente and wijk by the VSLGWBTAB columns of the year
    of the date. An object without a VSLGWBTAB row, or with an empty gemeente for that
    year, places nobody anywhere on that date: the person living there is not a resident of
    any area then.
    """
    rule(
        contract=[4],
        years=[2021, 2022],
        tables={
            "VSLGWBTAB": """
            | OBJ | 2021 | 2022     |
            | N1  |      | WK034409 |
            """,
            "GBAPERSOONTAB": """
            | P | JAAR |
            | 1 | 1980 |
            | 2 | 1980 |
            | 3 | 1980 |
            | 4 | 1980 |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20200601 |       | N1  |
            | 2 | 20100101 |       | U   |
            | 3 | 20100101 |       | W01 |
            | 4 | 20100101 |       | X   |
            """,
        },
        question=residents_on(2021),
        expected="""
        | person | resident | wijk     | why |
        | 1      | no       |          | N1 (a new building) is mapped from 2022 only |
        | 2      | no       |          | U has no VSLGWBTAB row at all |
        | 3      | yes      | WK034401 | W01 lies in West |
        | 4      | no       |          | X lies in another gemeente |
        """,
    )


def test_l6_geography_of_the_year(rule):
    """The geography of the year

    Where an address lies is read from the VSLGWBTAB columns of the year of the date: on
    1 January 2021 from `gem2021`, `wc2021` and `bc2021`. When wijk or gemeente boundaries
    change, the same address lies in the new area from that year on, and residents move with
    it without moving house.
    """
    rule(
        contract=[4, "conventions"],
        tables={
            "VSLGWBTAB": """
            | OBJ | 2020     | 2021     |
            | B1  | WK034401 | WK034402 |
            | B2  | WK034402 | GM0307   |
            | B3  | GM0307   | WK034403 |
            """,
            "GBAPERSOONTAB": """
            | P | JAAR |
            | 1 | 1980 |
            | 2 | 1980 |
            | 3 | 1980 |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20100101 |       | B1  |
            | 2 | 20100101 |       | B2  |
            | 3 | 20100101 |       | B3  |
            """,
        },
        question=residents_on(2021),
        expected="""
        | person | resident | wijk     | why |
        | 1      | yes      | WK034402 | B1 lies in Noordwest from 2021 |
        | 2      | no       |          | B2 lies in another gemeente from 2021 |
        | 3      | yes      | WK034403 | B3 joined the gemeente in 2021 |
        """,
    )


def test_l7_age_on_the_reference_date(rule):
    """Age on 1 January

    Age is counted in completed years on 1 January t, taking the birthday as the first day
    of the birth month: born in January 2003 is 18 on 1 January 2021, born in February 2003
    is 17. Age bands: children `0-3`, `4-11`, `12-17`; adults `18-29`, `30-44`, `45-64`,
    `65-74`, `75+`.
    """
    rule(
        contract=["conventions"],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR | MAAND |
            | 1 | 2003 | 01    |
            | 2 | 2003 | 02    |
            | 3 | 2020 | 12    |
            | 4 | 2017 | 01    |
            | 5 | 2017 | 02    |
            | 6 | 1946 | 01    |
            | 7 | 1946 | 02    |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20030101 |       | W01 |
            | 2 | 20030201 |       | W01 |
            | 3 | 20201215 |       | W01 |
            | 4 | 20170101 |       | W01 |
            | 5 | 20170201 |       | W01 |
            | 6 | 19700101 |       | W01 |
            | 7 | 19700101 |       | W01 |
            """,
        },
        question=residents_on(2021),
        expected="""
        | person | resident | age | leeftijd | why |
        | 1      | yes      | 18  | 18-29    | birthday in January: counted as passed on 1 January |
        | 2      | yes      | 17  | 12-17    | birthday in February: still 17 |
        | 3      | yes      | 0   | 0-3      | born in December 2020 |
        | 4      | yes      | 4   | 4-11     | |
        | 5      | yes      | 3   | 0-3      | |
        | 6      | yes      | 75  | 75+      | |
        | 7      | yes      | 74  | 65-74    | |
        """,
    )


def test_l8_no_person_record(rule):
    """A resident without a person record

    A person with an address but without a GBAPERSOONTAB row lives in the gemeente like
    anyone else, but has no age, age band, herkomst or generatie, and sex `onbekend`. Such a
    person is counted where no age is needed (a resident of a wijk, a newcomer, a parent)
    and left out of the populations that need one (the KOPP children and the adults of the
    migration theme).
    """
    rule(
        contract=[2],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR |
            | 1 | 1980 |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20100101 |       | W01 |
            | 2 | 20100101 |       | W01 |
            """,
        },
        question=residents_on(2021),
        expected="""
        | person | resident | wijk     | age | leeftijd | geslacht | herkomst  | why |
        | 1      | yes      | WK034401 | 41  | 30-44    | man      | Nederland | |
        | 2      | yes      | WK034401 |     |          | onbekend |           | no GBAPERSOONTAB row |
        """,
    )


def test_l9_birth_month_unknown(rule):
    """Birth month unknown

    GBAGEBOORTEMAAND `00` means the birth month is unknown, as real extracts hold for many
    persons. The age rule then reads month 0: the birthday counts as passed from 1 January,
    so a person born in 2003 with month `00` is 18 on 1 January 2021.
    """
    rule(
        contract=["inputs", "conventions"],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR | MAAND |
            | 1 | 2003 | 00    |
            | 2 | 2003 | 06    |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20030101 |       | W01 |
            | 2 | 20030601 |       | W01 |
            """,
        },
        question=residents_on(2021),
        expected="""
        | person | resident | age | leeftijd | why |
        | 1      | yes      | 18  | 18-29    | month unknown: the birthday counts as passed on 1 January |
        | 2      | yes      | 17  | 12-17    | born in June |
        """,
    )
