"""Children of parents with mental-health problems or addiction (*kinderen van ouders met
psychische problemen of verslaving*, KOPP/KOV): which children count, when a child meets a
definition through a parent, and who counts in the overlap, unknown-parent and youth-team
measures."""

from harness import kopp_children, kopp_measure

title = "KOPP/KOV: children and their parents"
order = 3

PARENT_ADDRESSES = """
            | P   | AANVANG  | EINDE | OBJ |
            | 1   | 20120101 |       | W01 |
            | 2   | 20120101 |       | W01 |
            | 3   | 20120101 |       | W03 |
            | 4   | 20120101 |       | W03 |
            | 5   | 20120101 |       | W03 |
            | 6   | 20120101 |       | W03 |
            | 101 | 20000101 |       | W01 |
            | 102 | 20000101 |       | W01 |
            | 103 | 20000101 |       | W03 |
            | 104 | 20000101 |       | W03 |
            | 105 | 20000101 |       | W03 |
            | 106 | 20000101 |       | W03 |
"""
CHILDREN_2012 = """
            | P | JAAR |
            | 1 | 2012 |
            | 2 | 2012 |
            | 3 | 2012 |
            | 4 | 2012 |
            | 5 | 2012 |
            | 6 | 2012 |
"""


def test_k1_the_children(rule):
    """The children

    A child of the KOPP theme in year t is a person aged 0 to 17 on 1 January t who lives in
    the gemeente on that day and has a GBAPERSOONTAB row: without it there is no age, and no
    child.
    """
    rule(
        contract=[2, "conventions"],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR | MAAND |
            | 1 | 2003 | 02    |
            | 2 | 2003 | 01    |
            | 3 | 2020 | 12    |
            | 5 | 2010 | 01    |
            | 6 | 2010 | 01    |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE    | OBJ |
            | 1 | 20030201 |          | W01 |
            | 2 | 20030101 |          | W01 |
            | 3 | 20201220 |          | W03 |
            | 4 | 20100101 |          | W01 |
            | 5 | 20100101 |          | X   |
            | 6 | 20100101 | 20210101 | X   |
            | 6 | 20210102 |          | W01 |
            """,
        },
        question=kopp_children(2021),
        expected="""
        | person | child | wijk     | leeftijd | why |
        | 1      | yes   | WK034401 | 12-17    | 17 on 1 January 2021 |
        | 2      | no    |          |          | 18 on 1 January 2021 |
        | 3      | yes   | WK034403 | 0-3      | born in December 2020 |
        | 4      | no    |          |          | no GBAPERSOONTAB row: no age |
        | 5      | no    |          |          | lives in another gemeente |
        | 6      | no    |          |          | moved in on 2 January 2021 |
        """,
    )


def test_k2_definitions_through_a_parent(rule):
    """A child meets a definition through a parent

    A child meets a definition in year t when at least one parent, the legal father or the
    legal mother in KINDOUDERTAB, meets one of the definition's conditions in year t:
    `ggz` (GGZ care), `psychofarmaca`, `verslaving` (addiction care, the KOV group), and
    `breed` (broad: any of these, or sheltered housing or shelter, `bw_mo`).
    """
    rule(
        contract=["conventions"],
        tables={
            "GBAPERSOONTAB": CHILDREN_2012,
            "GBAADRESOBJECTBUS": PARENT_ADDRESSES,
            "KINDOUDERTAB": """
            | P | Ppa | Pma |
            | 1 | 101 |     |
            | 2 |     | 102 |
            | 3 | 103 |     |
            | 4 |     | 104 |
            | 5 | 105 | 106 |
            | 6 | 101 | 102 |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P   | ZVWKGENBASGGZ |
            | 101 | 300           |
            """,
            "MEDICIJNTAB2021": """
            | P   | ATC4 |
            | 102 | N06A |
            """,
            "GGZDBCTRAJECTENHOOFDDIAGTAB2021": """
            | P   | DIAGNOSE | CIRCUIT |
            | 103 | as1_7.1  | 5       |
            """,
            "GEMWMOVOORZIENINGEN": """
            | P   | VOORZIENING | DATUMBEGIN | DATUMEINDE |
            | 104 | BW          | 20200101   |            |
            """,
        },
        question=kopp_children(2021),
        expected="""
        | person | child | ggz | psychofarmaca | verslaving | breed | why |
        | 1      | yes   | yes | no            | no         | yes   | father has GGZ care |
        | 2      | yes   | no  | yes           | no         | yes   | mother uses psychofarmaca |
        | 3      | yes   | no  | no            | yes        | yes   | father has addiction care |
        | 4      | yes   | no  | no            | no         | yes   | mother in sheltered housing: broad only |
        | 5      | yes   | no  | no            | no         | no    | neither parent meets a condition |
        | 6      | yes   | yes | yes           | no         | yes   | one condition from each parent |
        """,
    )


def test_k3_parents_count_wherever_they_live(rule):
    """Parents count wherever they live

    A parent's own data count wherever the parent lives: in another gemeente, or with no
    address or person record at all. Only the child has to live in the gemeente.
    """
    rule(
        contract=["conventions"],
        tables={
            "GBAPERSOONTAB": """
            | P   | JAAR |
            | 1   | 2012 |
            | 2   | 2012 |
            | 101 | 1980 |
            """,
            "GBAADRESOBJECTBUS": """
            | P   | AANVANG  | EINDE | OBJ |
            | 1   | 20120101 |       | W01 |
            | 2   | 20120101 |       | W01 |
            | 101 | 20000101 |       | X   |
            """,
            "KINDOUDERTAB": """
            | P | Ppa | Pma |
            | 1 | 101 |     |
            | 2 |     | 102 |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P   | ZVWKSPECGGZ |
            | 101 | 1200        |
            """,
            "MEDICIJNTAB2021": """
            | P   | ATC4 |
            | 102 | N05B |
            """,
        },
        question=kopp_children(2021),
        expected="""
        | person | child | ggz | psychofarmaca | breed | why |
        | 1      | yes   | yes | no            | yes   | father lives in another gemeente |
        | 2      | yes   | no  | yes           | yes   | mother has no address and no person record |
        """,
    )


def test_k4_unlinkable_parents_are_unknown(rule):
    """An unlinkable parent is an unknown parent

    A parent counts only when linked to the register: RINPERSOONS `R` and a number. A parent
    of another series, or without a number, is an unknown parent whose data never count, even
    when a linked person has the same number. CBS writes the number of a parent not known as
    `---------` (nine dashes): a parent without a number.
    """
    rule(
        contract=[1],
        tables={
            "GBAPERSOONTAB": CHILDREN_2012,
            "GBAADRESOBJECTBUS": PARENT_ADDRESSES,
            "KINDOUDERTAB": """
            | P | Spa | Ppa | Sma | Pma |
            | 1 | I   | 101 |     |     |
            | 2 | R   |     |     |     |
            | 3 | R   | 103 |     |     |
            | 5 | R   | 105 | R   | 106 |
            | 6 | R   | --------- | R | --------- |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P   | ZVWKGENBASGGZ |
            | 101 | 300           |
            | 103 | 300           |
            """,
        },
        question=kopp_children(2021),
        expected="""
        | person | child | ggz | linkable parents | why |
        | 1      | yes   | no  | 0                | father of series I: R 101 with GGZ care is another person |
        | 2      | yes   | no  | 0                | father without a number |
        | 3      | yes   | yes | 1                | |
        | 4      | yes   | no  | 0                | no KINDOUDERTAB row |
        | 5      | yes   | no  | 2                | |
        | 6      | yes   | no  | 0                | father and mother `---------`: CBS's number of a parent not known |
        """,
    )


def test_k5_the_year_itself(rule):
    """Conditions of the year itself

    A parent's condition counts for the children of year t only when the parent meets it in
    year t: GGZ costs of the year before do not count, a provision that ended on 31 December
    of the year before does not either, one that ends on 1 January t does.
    """
    rule(
        contract=["conventions"],
        tables={
            "GBAPERSOONTAB": CHILDREN_2012,
            "GBAADRESOBJECTBUS": PARENT_ADDRESSES,
            "KINDOUDERTAB": """
            | P | Ppa |
            | 1 | 101 |
            | 2 | 102 |
            | 3 | 103 |
            """,
            "ZVWZORGKOSTENTAB2020": """
            | P   | ZVWKGENBASGGZ |
            | 101 | 300           |
            """,
            "GEMWMOVOORZIENINGEN": """
            | P   | VOORZIENING | DATUMBEGIN | DATUMEINDE |
            | 102 | BW          | 20190101   | 20201231   |
            | 103 | MO          | 20190101   | 20210101   |
            """,
        },
        question=kopp_children(2021),
        expected="""
        | person | child | ggz | breed | why |
        | 1      | yes   | no  | no    | the father's GGZ care was in 2020 |
        | 2      | yes   | no  | no    | the father's provision ended in 2020 |
        | 3      | yes   | no  | yes   | the father's shelter ends on 1 January 2021 |
        | 4      | yes   | no  | no    | |
        | 5      | yes   | no  | no    | |
        | 6      | yes   | no  | no    | |
        """,
    )


def test_k6_overlap(rule):
    """Overlap of the parent conditions

    `kopp.overlap` puts each child in exactly one combination of the four parent conditions
    `ggz`, `psychofarmaca`, `verslaving` and `bw_mo` met by any of its parents (father and
    mother together): group `combinatie`, value the conditions met joined by `+` in that
    order, or `geen` for none. All 16 combinations are rows, at gemeente level, with
    definition `breed`; the share is of all children.
    """
    rule(
        contract=[10],
        tables={
            "GBAPERSOONTAB": CHILDREN_2012,
            "GBAADRESOBJECTBUS": PARENT_ADDRESSES,
            "KINDOUDERTAB": """
            | P | Ppa | Pma |
            | 1 | 101 |     |
            | 2 | 101 | 102 |
            | 3 | 103 | 104 |
            | 4 | 105 |     |
            | 5 | 101 | 106 |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P   | ZVWKGENBASGGZ |
            | 101 | 300           |
            | 106 | 50            |
            """,
            "MEDICIJNTAB2021": """
            | P   | ATC4 |
            | 102 | N06A |
            """,
            "GGZDBCTRAJECTENHOOFDDIAGTAB2021": """
            | P   | DIAGNOSE | CIRCUIT |
            | 103 | as1_4.1  | 2       |
            """,
            "GEMWMOVOORZIENINGEN": """
            | P   | VOORZIENING | DATUMBEGIN | DATUMEINDE |
            | 104 | MO          | 20200101   |            |
            """,
        },
        question=kopp_measure(2021, "kopp.overlap", by=("group_value",), area_level="gemeente"),
        expected="""
        | group_value                           | definition | n_numerator | n_denominator | why |
        | geen                                  | breed      | 2           | 6             | children 4 and 6 |
        | ggz                                   | breed      | 2           | 6             | child 1; child 5 (both parents: still one combination) |
        | psychofarmaca                         | breed      | 0           | 6             | |
        | verslaving                            | breed      | 0           | 6             | |
        | bw_mo                                 | breed      | 0           | 6             | |
        | ggz+psychofarmaca                     | breed      | 1           | 6             | child 2 |
        | ggz+verslaving                        | breed      | 0           | 6             | |
        | ggz+bw_mo                             | breed      | 0           | 6             | |
        | psychofarmaca+verslaving              | breed      | 0           | 6             | |
        | psychofarmaca+bw_mo                   | breed      | 0           | 6             | |
        | verslaving+bw_mo                      | breed      | 1           | 6             | child 3 |
        | ggz+psychofarmaca+verslaving          | breed      | 0           | 6             | |
        | ggz+psychofarmaca+bw_mo               | breed      | 0           | 6             | |
        | ggz+verslaving+bw_mo                  | breed      | 0           | 6             | |
        | psychofarmaca+verslaving+bw_mo        | breed      | 0           | 6             | |
        | ggz+psychofarmaca+verslaving+bw_mo    | breed      | 0           | 6             | |
        """,
    )


def test_k7_no_linkable_parent(rule):
    """Children without a linkable parent

    `kopp.ouders_onbekend` (a data-quality measure) counts the children with neither a
    linkable father nor a linkable mother, among all children, for the gemeente and each
    wijk, group `totaal`, definition `geen_koppelbare_ouder`.
    """
    rule(
        contract=[11],
        tables={
            "GBAPERSOONTAB": CHILDREN_2012,
            "GBAADRESOBJECTBUS": PARENT_ADDRESSES,
            "KINDOUDERTAB": """
            | P | Spa | Ppa | Sma | Pma |
            | 2 | I   | 102 |     |     |
            | 3 |     |     | R   | 103 |
            | 4 | R   | 104 |     |     |
            | 5 | R   |     |     |     |
            | 6 | R   | 106 | R   | 107 |
            """,
        },
        question=kopp_measure(
            2021, "kopp.ouders_onbekend", area_code=["GM0344", "WK034401", "WK034402", "WK034403"]
        ),
        expected="""
        | area_code | definition            | n_numerator | n_denominator | value  | why |
        | GM0344    | geen_koppelbare_ouder | 3           | 6             | 0.5    | children 1, 2 and 5 |
        | WK034401  | geen_koppelbare_ouder | 2           | 2             | 1      | 1: no KINDOUDERTAB row; 2: father of series I |
        | WK034402  | geen_koppelbare_ouder | 0           | 0             |        | no children |
        | WK034403  | geen_koppelbare_ouder | 1           | 4             | 0.25   | 5: father without a number |
        """,
    )


def test_k8_youth_team(rule):
    """Youth-team care by definition

    `kopp.jeugdteam` compares children meeting `breed` with the other children: the share
    with their own youth-team trajectory (GEMBUURTTEAM, team `JG`) active in year t, at
    gemeente level, group `kopp_breed` with values `ja` and `nee` (Wilson), and a row
    `ja_vs_nee` with their relative risk (method `relative_risk_katz`, `se` the standard
    error of the log relative risk, the count columns empty).
    """
    rule(
        contract=[12],
        tables={
            "GBAPERSOONTAB": CHILDREN_2012,
            "GBAADRESOBJECTBUS": PARENT_ADDRESSES,
            "KINDOUDERTAB": """
            | P | Ppa |
            | 1 | 101 |
            | 2 | 101 |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P   | ZVWKGENBASGGZ |
            | 101 | 300           |
            """,
            "GEMBUURTTEAM": """
            | P | TEAM | DATUMBEGIN | DATUMEINDE |
            | 1 | JG   | 20200101   | 20210105   |
            | 3 | JG   | 20211231   |            |
            | 4 | SOC  | 20200101   |            |
            | 5 | JG   | 20190101   | 20201231   |
            """,
        },
        question=kopp_measure(2021, "kopp.jeugdteam", by=("group_value",)),
        expected="""
        | group_value | group      | method             | n_numerator | n_denominator | value | se     | why |
        | ja          | kopp_breed | wilson             | 1           | 2             | 0.5   | 0.3536 | children 1 and 2 meet breed; 1 has a JG trajectory in 2021 |
        | nee         | kopp_breed | wilson             | 1           | 4             | 0.25  | 0.2165 | 3 (begins 31 December 2021); not 4 (SOC) or 5 (ended in 2020) |
        | ja_vs_nee   | kopp_breed | relative_risk_katz |             |               | 2     | 1.118  | 0.5 / 0.25 |
        """,
    )
