"""How persons become rows of the measures table: the labels of their characteristics, the
complete grid of areas and groups, and the keys every row carries. One row is one measure,
definition, year, area, group value and method."""

from harness import kopp_measure, measure_vocabulary, residents_on

title = "Rows, groups and labels"
order = 6

VOCABULARY_WORLD = {
    "GBAPERSOONTAB": """
            | P   | JAAR |
            | 1   | 2012 |
            | 2   | 1980 |
            | 3   | 1980 |
            | 101 | 1980 |
            """,
    "GBAADRESOBJECTBUS": """
            | P   | AANVANG  | EINDE    | OBJ |
            | 1   | 20120101 |          | W01 |
            | 2   | 20100101 |          | W01 |
            | 3   | 20100101 | 20210531 | X   |
            | 3   | 20210601 |          | W01 |
            | 101 | 20000101 |          | W01 |
            """,
    "KINDOUDERTAB": """
            | P | Ppa |
            | 1 | 101 |
            """,
    "GEZOMONITOR2021": """
            | P   | STRATUM | K10                 |
            | 2   | 034401  | 3 3 3 3 3 3 3 3 3 3 |
            | 101 | 034401  | 1 1 1 1 1 1 1 1 1 1 |
            """,
}


def test_s1_labels(rule):
    """Labels of sex, herkomst and generatie

    Persons are grouped by labels, not codes. Sex (`geslacht`): `man` (1), `vrouw` (2),
    `onbekend` (`-`). Herkomst: the group of GBAHERKOMSTLAND in the country reference file
    (the 2022 CBS classification), `onbekend` for a code the file lacks. Generatie:
    `Nederlandse herkomst` (0), `migrant` (1), `kind van migrant(en)` (2), `onbekend` (`-`).
    """
    rule(
        contract=[9],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR | SEX | GEN | HERKOMST |
            | 1 | 1980 | 1   | 0   | 6030     |
            | 2 | 1980 | 2   | 1   | 5022     |
            | 3 | 1980 | -   | 2   | 6043     |
            | 4 | 1980 | 2   | 1   | 5010     |
            | 5 | 1980 | 1   | -   | 9999     |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20100101 |       | W01 |
            | 2 | 20100101 |       | W01 |
            | 3 | 20100101 |       | W01 |
            | 4 | 20100101 |       | W01 |
            | 5 | 20100101 |       | W01 |
            """,
        },
        question=residents_on(2021),
        expected="""
        | person | resident | geslacht | herkomst     | generatie            | why |
        | 1      | yes      | man      | Nederland    | Nederlandse herkomst | |
        | 2      | yes      | vrouw    | Marokko      | migrant              | |
        | 3      | yes      | onbekend | Turkije      | kind van migrant(en) | |
        | 4      | yes      | vrouw    | overig Europa | migrant             | 5010 (België) belongs to the group overig Europa |
        | 5      | yes      | man      | onbekend     | onbekend             | 9999 is not in the country reference file |
        """,
    )


def test_s2_every_wijk_is_a_row(rule):
    """Every wijk is a row

    A measure has a row for the gemeente and for every wijk of the geography reference,
    whether or not anyone there is counted: an empty cell has denominator 0 and no value.
    (The buurt rows of a registry measure are complete in the same way: rule B1.)
    """
    rule(
        contract=[8],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR |
            | 1 | 2012 |
            | 2 | 2012 |
            | 3 | 2012 |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20120101 |       | W01 |
            | 2 | 20120101 |       | W01 |
            | 3 | 20120101 |       | W09 |
            """,
            "KINDOUDERTAB": """
            | P | Ppa |
            | 1 | 101 |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P   | ZVWKGENBASGGZ |
            | 101 | 300           |
            """,
        },
        question=kopp_measure(
            2021,
            "kopp.aandeel",
            definition="breed",
            group="totaal",
            area_level=["gemeente", "wijk"],
        ),  # fmt: skip
        expected="""
        | area_code | area_level | n_numerator | n_denominator | value | why |
        | GM0344    | gemeente   | 1           | 3             | 0.3333 | |
        | WK034401  | wijk       | 1           | 2             | 0.5   | children 1 and 2 |
        | WK034402  | wijk       | 0           | 0             |       | no children |
        | WK034403  | wijk       | 0           | 0             |       | |
        | WK034404  | wijk       | 0           | 0             |       | |
        | WK034405  | wijk       | 0           | 0             |       | |
        | WK034406  | wijk       | 0           | 0             |       | |
        | WK034407  | wijk       | 0           | 0             |       | |
        | WK034408  | wijk       | 0           | 0             |       | |
        | WK034409  | wijk       | 0           | 1             | 0     | child 3 |
        | WK034410  | wijk       | 0           | 0             |       | |
        """,
    )


def test_s3_areas_by_groups(rule):
    """Areas crossed with groups

    Areas and groups are cross-classified: each wijk has a row per value of each group (a
    wijk x age band, a wijk x herkomst), again with every value present, empty ones with
    denominator 0.
    """
    rule(
        contract=[8],
        tables={
            "GBAPERSOONTAB": """
            | P | JAAR |
            | 1 | 2012 |
            | 2 | 2019 |
            | 3 | 2019 |
            """,
            "GBAADRESOBJECTBUS": """
            | P | AANVANG  | EINDE | OBJ |
            | 1 | 20120101 |       | W01 |
            | 2 | 20190101 |       | W01 |
            | 3 | 20190101 |       | W03 |
            """,
            "KINDOUDERTAB": """
            | P | Ppa |
            | 2 | 101 |
            """,
            "ZVWZORGKOSTENTAB2021": """
            | P   | ZVWKGENBASGGZ |
            | 101 | 300           |
            """,
        },
        question=kopp_measure(
            2021,
            "kopp.aandeel",
            by=("area_code", "group", "group_value"),
            definition="ggz",
            area_code=["GM0344", "WK034401"],
        ),
        expected="""
        | area_code | group    | group_value | n_numerator | n_denominator | why |
        | GM0344    | totaal   | totaal      | 1           | 3             | |
        | GM0344    | leeftijd | 0-3         | 1           | 2             | children 2 and 3 |
        | GM0344    | leeftijd | 4-11        | 0           | 1             | child 1 |
        | GM0344    | leeftijd | 12-17       | 0           | 0             | |
        | WK034401  | totaal   | totaal      | 1           | 2             | |
        | WK034401  | leeftijd | 0-3         | 1           | 1             | child 2 |
        | WK034401  | leeftijd | 4-11        | 0           | 1             | child 1 |
        | WK034401  | leeftijd | 12-17       | 0           | 0             | |
        """,
    )


def test_s4_row_keys(rule):
    """The keys of a row

    A row's key is theme, measure, definition, year, area level and code, group and group
    value, and method. The table shows the definitions, group values, methods and area
    levels each measure and group has, from one small world of 2021. (`migratie.or_ggz`, the
    only measure with groups `geslacht` and `inkomen`, is in the rule on odds ratios.)
    """
    rule(
        contract=[9, 10, 11, 12, 17, 24],
        tables=VOCABULARY_WORLD,
        question=measure_vocabulary(2021),
        expected="""
        | measure | group | theme | definition | group_value | method | area_level |
        | kopp.aandeel | totaal | kopp | breed, ggz, psychofarmaca, verslaving | totaal | wilson | gemeente, wijk, buurt |
        | kopp.aandeel | leeftijd | kopp | breed, ggz, psychofarmaca, verslaving | 0-3, 4-11, 12-17 | wilson | gemeente, wijk |
        | kopp.overlap | combinatie | kopp | breed | geen, ggz, psychofarmaca, verslaving, bw_mo, ggz+psychofarmaca, ggz+verslaving, ggz+bw_mo, psychofarmaca+verslaving, psychofarmaca+bw_mo, verslaving+bw_mo, ggz+psychofarmaca+verslaving, ggz+psychofarmaca+bw_mo, ggz+verslaving+bw_mo, psychofarmaca+verslaving+bw_mo, ggz+psychofarmaca+verslaving+bw_mo | wilson | gemeente |
        | kopp.ouders_onbekend | totaal | kopp | geen_koppelbare_ouder | totaal | wilson | gemeente, wijk |
        | kopp.jeugdteam | kopp_breed | kopp | breed | ja, nee, ja_vs_nee | relative_risk_katz, wilson | gemeente |
        | migratie.ggz | totaal | migratie | ggz | totaal | direct_std_gamma, wilson | gemeente, wijk, buurt |
        | migratie.ggz | generatie | migratie | ggz | Nederlandse herkomst, migrant, kind van migrant(en), onbekend | direct_std_gamma, wilson | gemeente, wijk |
        | migratie.ggz | herkomst | migratie | ggz | Nederland, Marokko, Turkije, Suriname, Caribisch deel Koninkrijk, Indonesië, overig Europa, overig Afrika, overig Amerika/Oceanië, overig Azië, onbekend | direct_std_gamma, wilson | gemeente, wijk |
        | migratie.psychofarmaca | totaal | migratie | psychofarmaca | totaal | direct_std_gamma, wilson | gemeente, wijk, buurt |
        | migratie.psychofarmaca | generatie | migratie | psychofarmaca | Nederlandse herkomst, migrant, kind van migrant(en), onbekend | direct_std_gamma, wilson | gemeente, wijk |
        | migratie.psychofarmaca | herkomst | migratie | psychofarmaca | Nederland, Marokko, Turkije, Suriname, Caribisch deel Koninkrijk, Indonesië, overig Europa, overig Afrika, overig Amerika/Oceanië, overig Azië, onbekend | direct_std_gamma, wilson | gemeente, wijk |
        | migratie.eenzaam | totaal | migratie | eenzaam | totaal | survey_taylor | gemeente, wijk |
        | migratie.eenzaam | generatie | migratie | eenzaam | Nederlandse herkomst, migrant, kind van migrant(en), onbekend | survey_taylor | gemeente, wijk |
        | migratie.eenzaam | herkomst | migratie | eenzaam | Nederland, Marokko, Turkije, Suriname, Caribisch deel Koninkrijk, Indonesië, overig Europa, overig Afrika, overig Amerika/Oceanië, overig Azië, onbekend | survey_taylor | gemeente, wijk |
        | migratie.k10_hoog | totaal | migratie | k10_hoog | totaal | survey_taylor | gemeente, wijk |
        | migratie.k10_hoog | generatie | migratie | k10_hoog | Nederlandse herkomst, migrant, kind van migrant(en), onbekend | survey_taylor | gemeente, wijk |
        | migratie.k10_hoog | herkomst | migratie | k10_hoog | Nederland, Marokko, Turkije, Suriname, Caribisch deel Koninkrijk, Indonesië, overig Europa, overig Afrika, overig Amerika/Oceanië, overig Azië, onbekend | survey_taylor | gemeente, wijk |
        | migratie.zorgkloof | totaal | migratie | ggz | totaal | survey_taylor | gemeente |
        | migratie.zorgkloof | generatie | migratie | ggz | Nederlandse herkomst, migrant, kind van migrant(en), onbekend | survey_taylor | gemeente |
        | migratie.zorgkloof | herkomst | migratie | ggz | Nederland, Marokko, Turkije, Suriname, Caribisch deel Koninkrijk, Indonesië, overig Europa, overig Afrika, overig Amerika/Oceanië, overig Azië, onbekend | survey_taylor | gemeente |
        | nieuwkomers.aandeel | totaal | nieuwkomers | breed, ggz, laag_inkomen, uitstroom_bw_mo | totaal | wilson | gemeente, wijk, buurt |
        | nieuwkomers.aandeel | origin | nieuwkomers | breed, ggz, laag_inkomen, uitstroom_bw_mo | binnen_gemeente, buiten_gemeente, onbekend | wilson | gemeente, wijk |
        | nieuwkomers.concentratie | totaal | nieuwkomers | ggz, laag_inkomen | totaal | ratio_katz | gemeente, wijk, buurt |
        """,
    )
