"""Persona titles say what tells the cards apart without repeating themselves: the default
world's Binnenstad cards read 'kind van 4-11 jaar, in een gezin met twee ouders, gezin met een
inkomen rond het midden' (the household and then the income as the family's, 'gezin' twice)."""

from wijkzicht.outputs import personas

HEADER = "theme,year,area_level,area_code,area_name,rank,leeftijd,huishouden,herkomst,inkomen,zorg_steun,n_persons,n_target,status"
ROWS = (  # the three kopp cards of Binnenstad in the default world (U2's dashboard)
    "kopp,2023,wijk,WK034402,Binnenstad,1,4-11,paar_met_kinderen,Nederland,3,geen,20,470,ok",
    "kopp,2023,wijk,WK034402,Binnenstad,2,4-11,eenouder,Nederland,1,geen,20,470,ok",
    "kopp,2023,wijk,WK034402,Binnenstad,3,4-11,paar_met_kinderen,Nederland,4,geen,20,470,ok",
)


def _rows():
    return [dict(zip(HEADER.split(","), line.split(","), strict=True)) for line in ROWS]


def test_household_and_income_in_one_title_name_the_family_once():
    assert personas.titles(_rows(), "nl") == [
        "Kind van 4 tot en met 11 jaar, in een gezin met twee ouders, met een inkomen rond het midden",
        "Kind van 4 tot en met 11 jaar, in een eenoudergezin",
        "Kind van 4 tot en met 11 jaar, in een gezin met twee ouders, met een inkomen net boven het midden",
    ]
    assert personas.titles(_rows(), "en") == [
        "Child aged 4 to 11, in a family with two parents, with an income around the middle",
        "Child aged 4 to 11, in a single-parent family",
        "Child aged 4 to 11, in a family with two parents, with an income just above the middle",
    ]
    for lang in ("nl", "en"):
        for head in personas.titles(_rows(), lang):
            words = head.lower().replace(",", " ").split()
            for word in ("gezin", "family", "huishouden", "household"):
                assert words.count(word) <= 1, head


def test_income_alone_stays_the_familys():
    rows = _rows()
    rows[1]["huishouden"] = "paar_met_kinderen"  # only the income tells them apart
    heads = personas.titles(rows, "nl")
    assert heads[0].endswith(", gezin met een inkomen rond het midden")
