"""Migration background and mental health (*migratieachtergrond en psychische gezondheid*):
the adults counted in the registry measures, their care and income, the standardised shares,
the survey scores of the GGD health monitor and who counts in which survey domain, the care
gap and the odds-ratio model."""

from harness import (
    migratie_adults,
    migratie_registry,
    migratie_survey,
    odds_ratio_rows,
    survey_respondents,
)

title = "Migration background and mental health"
order = 4

ADULTS = """
            | P | JAAR | SEX |
            | 1 | 1985 | 1   |
            | 2 | 1985 | 2   |
            | 3 | 1985 | -   |
            | 4 | 1995 | 1   |
"""
IN_WEST = """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20100101 |       | W01 |
            | 2 | 20100101 |       | W01 |
            | 3 | 20100101 |       | W01 |
            | 4 | 20100101 |       | W01 |
            | 5 | 20100101 |       | W01 |
            | 6 | 20100101 |       | W01 |
"""


def test_m1_the_adults(rule):
    """The adults

    The registry measures of year t count the adults: persons aged 18 or over on 1 January t
    who live in the gemeente on that day and have a GBAPERSOONTAB row (no row, no age).
    `migratie.ggz` counts those with GGZ care in year t, `migratie.psychofarmaca` those using
    psychofarmaca in year t.
    """
    rule(
        contract=[2, "conventions"],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR | MAAND |
            | 1 | 2003 | 01    |
            | 2 | 2003 | 02    |
            | 4 | 1940 | 01    |
            | 5 | 1950 | 01    |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20030101 |       | W01 |
            | 2 | 20030201 |       | W01 |
            | 3 | 20100101 |       | W01 |
            | 4 | 20100101 |       | X   |
            | 5 | 20100101 |       | W03 |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P | ZVWKGENBASGGZ |
            | 1 | 80            |
            | 3 | 80            |
            """,
            "MEDICIJNTAB2021": """
            | P | ATC4 |
            | 5 | N06A |
            """,
        },
        question=migratie_adults(2021),
        expected="""
        | person | adult | ggz | psychofarmaca | why |
        | 1      | yes   | yes | no            | 18 on 1 January 2021 |
        | 2      | no    |     |               | 17 on 1 January 2021 |
        | 3      | no    |     |               | no GBAPERSOONTAB row: no age |
        | 4      | no    |     |               | lives in another gemeente |
        | 5      | yes   | no  | yes           | |
        """,
    )


def test_m2_income_quintile(rule):
    """Income quintile

    For the odds-ratio model an adult's income quintile in year t is
    ceil(percentile / 20) of their income household's percentile: 1 to 20 is quintile `1`,
    21 to 40 is `2`, and so on. A percentile of -1 or missing, no household link, or a
    household missing from INHATAB is quintile `onbekend` (unknown).
    """
    rule(
        contract=[7],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR |
            | 1 | 1980 |
            | 2 | 1980 |
            | 3 | 1980 |
            | 4 | 1980 |
            | 5 | 1980 |
            | 6 | 1980 |
            | 7 | 1980 |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20100101 |       | W01 |
            | 2 | 20100101 |       | W01 |
            | 3 | 20100101 |       | W01 |
            | 4 | 20100101 |       | W01 |
            | 5 | 20100101 |       | W01 |
            | 6 | 20100101 |       | W01 |
            | 7 | 20100101 |       | W01 |
            """,
            "KOPPELPERSOONHUISHOUDEN2021": """
            | P | HKW |
            | 1 | 901 |
            | 2 | 902 |
            | 3 | 903 |
            | 4 | 904 |
            | 5 | 905 |
            | 6 | 906 |
            """,
            "INHATAB2021": """
            | HKW | INHP100HBEST |
            | 901 | 1            |
            | 902 | 20           |
            | 903 | 21           |
            | 904 | 100          |
            | 905 | -1           |
            """,
        },
        question=migratie_adults(2021),
        expected="""
        | person | adult | inkomen  | why |
        | 1      | yes   | 1        | percentile 1 |
        | 2      | yes   | 1        | percentile 20 |
        | 3      | yes   | 2        | percentile 21 |
        | 4      | yes   | 5        | percentile 100 |
        | 5      | yes   | onbekend | percentile unknown (-1) |
        | 6      | yes   | onbekend | household 906 is not in INHATAB |
        | 7      | yes   | onbekend | no household link |
        """,
    )


def test_m3_unknown_sex(rule):
    """Unknown sex: in crude shares, not in standardised ones

    A registry measure comes as a crude share (method `wilson`) and as a direct age-sex
    standardised share (method `direct_std_gamma`). Adults of unknown sex count in the crude
    share and are left out of the standardised share, numerator and denominator alike. (In
    the export the standardised row carries the counts of the crude one: rule E7.)
    """
    rule(
        contract=[13],
        tables={
            "GBAPERSOONTAB": ADULTS,
            "GBAADRESOBJECTBUS": IN_WEST,
            "ZVWZORGKOSTENTAB2021": """
            | P | ZVWKGENBASGGZ |
            | 1 | 80            |
            | 3 | 80            |
            """,
        },
        question=migratie_registry(
            2021, "migratie.ggz", by=("method",), area_code="GM0344", group="totaal"
        ),
        expected="""
        | method           | n_numerator | n_denominator | value  | why |
        | wilson           | 2           | 4             | 0.5    | 1 and 3 of 1, 2, 3, 4 |
        | direct_std_gamma | 1           | 3             | 0.3333 | 3 (sex unknown) left out; three strata of one person weigh 1/3 each |
        """,
    )


def test_m4_standard_population(rule):
    """The standard population

    The standardised shares of every year weigh the age-sex strata (5 adult age bands x man,
    vrouw) by the gemeente's adults of known sex on 1 January of the first configured year.
    A stratum without persons in an area or group is dropped there, and the weights of the
    other strata are scaled up to add to 1 again. In a GGD region run (config `gemeenten`)
    the standard is the adults of known sex of all the region's gemeenten together on 1
    January of the first configured year, one standard for every gemeente, so that the
    gemeenten can be compared.
    """
    rule(
        contract=[14],
        years=[2020, 2021],
        tables={
            "GBAPERSOONTAB": """
            | P  | JAAR | SEX |
            | 1  | 1995 | 1   |
            | 2  | 1985 | 2   |
            | 3  | 1985 | 2   |
            | 11 | 1995 | 1   |
            | 12 | 1995 | 1   |
            | 13 | 1995 | 1   |
            | 14 | 1985 | 2   |
            """,
            "GBAADRESOBJECTBUS": """
            | P  | AANVANG  | EINDE    | OBJ |
            | 1  | 20200701 |          | W01 |
            | 2  | 20200701 |          | W01 |
            | 3  | 20200701 |          | W03 |
            | 11 | 20100101 | 20200601 | W05 |
            | 12 | 20100101 | 20200601 | W05 |
            | 13 | 20100101 | 20200601 | W05 |
            | 14 | 20100101 | 20200601 | W05 |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P | ZVWKGENBASGGZ |
            | 1 | 80            |
            | 3 | 80            |
            """,
        },
        question=migratie_registry(
            2021,
            "migratie.ggz",
            method="direct_std_gamma",
            group="totaal",
            area_code=["GM0344", "WK034401", "WK034403"],
        ),
        expected="""
        | area_code | n_numerator | n_denominator | value | why |
        | GM0344    | 2           | 3             | 0.875 | standard 2020 (11-14): men 18-29 weigh 3/4, women 30-44 1/4; 3/4 x 1/1 + 1/4 x 1/2 |
        | WK034401  | 1           | 2             | 0.75  | 3/4 x 1/1 (person 1) + 1/4 x 0/1 (person 2) |
        | WK034403  | 1           | 1             | 1     | no men 18-29 in Overvecht: women 30-44 weigh 1, rate 1/1 |
        """,
    )


def test_m5_k10_score(rule):
    """Psychological distress (K10)

    The K10 score of a respondent of the health monitor is the sum of the answered items
    (1-5) x 10 / the number answered, computed when at least 8 of the 10 items are
    answered. `migratie.k10_hoog` (high distress) is a score of 30 or more.
    """
    rule(
        contract=["conventions"],
        tables={
            "GEZOMONITOR2021": """
            | P | STRATUM | K10                 |
            | 1 | 034401  | 3 3 3 3 3 3 3 3 3 3 |
            | 2 | 034401  | 3 3 3 3 3 3 3 3 . . |
            | 3 | 034401  | 3 3 3 3 3 3 3 . . . |
            | 4 | 034401  | 1 2 3 4 5 5 4 3 2 . |
            | 5 | 034401  | 2 2 2 2 2 2 2 2 2 2 |
            """,
        },
        question=survey_respondents(2021),
        expected="""
        | person | k10 score | k10_hoog | why |
        | 1      | 30        | yes      | 30 x 10 / 10 |
        | 2      | 30        | yes      | 24 x 10 / 8 |
        | 3      |           |          | 7 items answered: no score |
        | 4      | 32.2222   | yes      | 29 x 10 / 9 |
        | 5      | 20        | no       | |
        """,
    )


def test_m6_loneliness(rule):
    """Loneliness (De Jong Gierveld)

    The loneliness score is computed only when all 11 items are answered. Items 2, 3, 5, 6,
    9 and 10 score 1 for `ja` (1) or `min of meer` (2); items 1, 4, 7, 8 and 11 score 1 for
    `nee` (3) or `min of meer`. `migratie.eenzaam` (lonely) is a score of 3 or more.
    """
    rule(
        contract=["conventions"],
        tables={
            "GEZOMONITOR2021": """
            | P | STRATUM | EENZ                   |
            | 1 | 034401  | 1 1 1 1 1 1 1 1 1 1 1  |
            | 2 | 034401  | 3 3 3 3 3 3 3 3 3 3 3  |
            | 3 | 034401  | 2 2 2 2 2 2 2 2 2 2 2  |
            | 4 | 034401  | 1 3 3 1 3 3 1 1 3 3 1  |
            | 5 | 034401  | 1 1 1 1 3 3 1 1 3 3 1  |
            | 6 | 034401  | 1 1 1 1 1 3 1 1 3 3 1  |
            | 7 | 034401  | 1 1 1 1 1 1 1 1 1 1 .  |
            """,
        },
        question=survey_respondents(2021),
        expected="""
        | person | eenzaamheid score | eenzaam | why |
        | 1      | 6                 | yes     | ja on the six negative items |
        | 2      | 5                 | yes     | nee on the five positive items |
        | 3      | 11                | yes     | min of meer scores on every item |
        | 4      | 0                 | no      | |
        | 5      | 2                 | no      | ja on items 2 and 3 |
        | 6      | 3                 | yes     | ja on items 2, 3 and 5 |
        | 7      |                   |         | item 11 not answered: no score |
        """,
    )


def test_m7_survey_domains(rule):
    """Who counts in a survey domain

    The survey design is every row of GEZOMONITOR of the wave. A respondent counts in the
    theme's estimates (the population domain) when they are an adult of the theme on
    1 January of the wave's year: 18 or over, living in the gemeente, with a person record.
    The area of a respondent is the wijk they live in on that day, not the sampling stratum.
    Everyone else stays in the design (for the standard errors) but in no domain.
    """
    rule(
        contract=[16],
        checked_by=[
            "tests/unit/test_stats_survey.py::test_domain_keeps_the_full_design",
            "tests/unit/test_stats_r.py::test_missing_outcome_stays_in_design_like_na_rm",
        ],
        tables={
            "GBAPERSOONTAB": """
            | S | P | JAAR | MAAND |
            | R | 1 | 1980 | 01    |
            | R | 2 | 2003 | 02    |
            | I | 3 | 1980 | 01    |
            | R | 4 | 1980 | 01    |
            """,
            "GBAADRESOBJECTBUS": """
            | S | P | AANVANG  | EINDE | OBJ |
            | R | 1 | 20100101 |       | W01 |
            | R | 2 | 20100101 |       | W03 |
            | I | 3 | 20100101 |       | W03 |
            | R | 4 | 20100101 |       | X   |
            | R | 5 | 20100101 |       | W03 |
            """,
            "GEZOMONITOR2021": """
            | S | P | STRATUM |
            | R | 1 | 034403  |
            | R | 2 | 034403  |
            | I | 3 | 034403  |
            | R | 4 | 034403  |
            | R | 5 | 034403  |
            """,
        },
        question=survey_respondents(2021),
        expected="""
        | person | in population | wijk     | why |
        | 1      | yes           | WK034401 | lives in West, sampled in the Overvecht stratum |
        | 2      | no            |          | 17 on 1 January 2021 |
        | 3      | no            |          | series I: not linked |
        | 4      | no            |          | lives in another gemeente |
        | 5      | no            |          | no GBAPERSOONTAB row: no age |
        """,
    )


def test_m8_care_gap(rule):
    """The care gap

    `migratie.zorgkloof` is, among the respondents in the population with high distress
    (`k10_hoog`) in wave t, the weighted share with GGZ care in year t (from the registry).
    Gemeente level only, groups `totaal`, `herkomst` and `generatie`; `numerator` and
    `denominator` are sums of weights, `n_numerator` and `n_denominator` respondents.
    """
    rule(
        contract=[17],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR | GEN | HERKOMST |
            | 1 | 1980 | 0   | 6030     |
            | 2 | 1980 | 1   | 5022     |
            | 3 | 1980 | 0   | 6030     |
            | 4 | 1980 | 2   | 5022     |
            """,
            "GBAADRESOBJECTBUS": IN_WEST,
            "ZVWZORGKOSTENTAB2021": """
            | P | ZVWKSPECGGZ |
            | 1 | 400         |
            | 3 | 400         |
            | 4 | 400         |
            """,
            "GEZOMONITOR2021": """
            | P | STRATUM | WEIGHT | K10                 |
            | 1 | 034401  | 10     | 4 4 4 4 4 4 4 4 4 4 |
            | 2 | 034401  | 30     | 4 4 4 4 4 4 4 4 4 4 |
            | 3 | 034401  | 5      | 1 1 1 1 1 1 1 1 1 1 |
            | 4 | 034401  | 20     | 4 4 4 4 4 4 4 4 4 4 |
            """,
        },
        question=migratie_survey(
            2021,
            "migratie.zorgkloof",
            by=("group", "group_value"),
            group_value=[
                "totaal",
                "Nederland",
                "Marokko",
                "Nederlandse herkomst",
                "migrant",
                "kind van migrant(en)",
            ],
        ),
        expected="""
        | group     | group_value          | area_code | numerator | denominator | n_numerator | n_denominator | value | why |
        | totaal    | totaal               | GM0344    | 30        | 60          | 2           | 3             | 0.5   | 1, 2 and 4 are distressed; 1 and 4 had GGZ care; 3 is not distressed |
        | herkomst  | Nederland            | GM0344    | 10        | 10          | 1           | 1             | 1     | 1 |
        | herkomst  | Marokko              | GM0344    | 20        | 50          | 1           | 2             | 0.4   | 2 and 4 |
        | generatie | Nederlandse herkomst | GM0344    | 10        | 10          | 1           | 1             | 1     | 1 |
        | generatie | migrant              | GM0344    | 0         | 30          | 0           | 1             | 0     | 2 |
        | generatie | kind van migrant(en) | GM0344    | 20        | 20          | 1           | 1             | 1     | 4 |
        """,
    )


def test_m9_odds_ratio_rows(rule):
    """Odds ratios of GGZ care

    `migratie.or_ggz` is a logistic regression of GGZ care in year t on herkomst, age band,
    sex and income quintile over the registry adults of year t (unweighted, gemeente level),
    with adults of unknown sex left out. Reference levels: `Nederland`, `18-29`, `man`,
    income quintile `1`. There is one row per other level that has persons (groups
    `herkomst`, `leeftijd`, `geslacht`, `inkomen`; method `logit_glm`), with the events and
    persons of that level as `n_numerator` and `n_denominator`.
    """
    rule(
        contract=[18],
        checked_by=[
            "tests/unit/test_stats_models.py::test_levels_without_persons_are_dropped_and_order_is_kept",
            "tests/unit/test_stats_r.py::test_logistic_odds_ratios_match_r_glm",
        ],
        question=odds_ratio_rows(
            2021,
            """
            | herkomst  | leeftijd | geslacht | inkomen | persons | with ggz |
            | Nederland | 18-29    | man      | 1       | 5       | 1        |
            | Nederland | 30-44    | vrouw    | 2       | 5       | 2        |
            | Marokko   | 18-29    | vrouw    | 1       | 5       | 3        |
            | Marokko   | 30-44    | man      | 2       | 5       | 2        |
            | Nederland | 18-29    | vrouw    | 2       | 4       | 1        |
            | Marokko   | 30-44    | vrouw    | 1       | 4       | 2        |
            | Marokko   | 30-44    | onbekend | 1       | 3       | 3        |
            """,
        ),
        expected="""
        | group    | group_value | method    | n_numerator | n_denominator | why |
        | herkomst | Marokko     | logit_glm | 7           | 14          | unknown sex left out; no row for Turkije and the other groups without persons |
        | leeftijd | 30-44       | logit_glm | 6           | 14          | |
        | geslacht | vrouw       | logit_glm | 8           | 18          | |
        | inkomen  | 2           | logit_glm | 5           | 14          | |
        """,
    )
