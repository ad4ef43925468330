"""Persona cards (outputs.personas): name-free, a composite, the rounded count cited from
`<theme>/personas.csv`; in Dutch and English; and the export gate on a persona table."""

import re

import pandas as pd
from worlds import CITATION, _formatted

from wijkzicht.disclosure.gate import check_export
from wijkzicht.outputs import personas

HEADER = ("theme,year,area_level,area_code,area_name,rank,leeftijd,huishouden,herkomst,inkomen,"
          "zorg_steun,n_persons,n_target,status")  # fmt: skip
TABLE = f"""{HEADER}
kopp,2023,gemeente,GM0344,Utrecht,1,4-11,paar_met_kinderen,Nederland,3,geen,1235,4520,ok
kopp,2023,wijk,WK034403,Overvecht,1,4-11,eenouder,Marokko,1,buurtteam,40,120,ok
kopp,2023,wijk,WK034403,Overvecht,2,12-17,overig,Turkije,overig,geen,15,120,ok
kopp,2023,wijk,WK034406,Binnenstad,,,,,,,,,suppressed
kopp,2023,wijk,WK034410,Vleuten-De Meern,,,,,,,,0,ok
"""


def table(tmp_path):
    path = tmp_path / "kopp" / "personas.csv"
    path.parent.mkdir(parents=True)
    path.write_text(TABLE, encoding="utf-8")
    return path


def test_card_text_in_dutch_and_english(tmp_path):
    t = personas.read_personas(table(tmp_path))
    row = t.iloc[1].to_dict()
    head, lines = personas.card_lines(row, "nl")
    assert head == "Kind van 4 tot en met 11 jaar"
    assert lines == [
        "Huishouden: eenoudergezin",
        "Herkomst: Marokko",
        "Inkomen van het huishouden, vergeleken met Nederland: bij de laagste 20%",
        "Zorg en steun dit jaar: buurtteam jeugd en gezin",
        "Staat voor ongeveer 40 kinderen in Overvecht, van ongeveer 120 kinderen met een ouder met psychische problemen of "
        "verslaving.",
        "Deze persona is een samengesteld beeld, geen echt persoon.",
    ]
    head, lines = personas.card_lines(row, "en")
    assert head == "Child aged 4 to 11"
    assert "Origin: Morocco" in lines and "Household: single-parent family" in lines
    assert lines[-1] == "This persona is a composite picture, not a real person."
    assert (
        lines[-2]
        == "Stands for about 40 children in Overvecht, of about 120 children of a parent with mental-health problems or addiction."
    )
    # a merged attribute in words; thousands separated as the pages do
    merged = personas.card_text(t.iloc[2].to_dict(), "nl")
    assert (
        "Huishouden: verschillend" in merged
        and "Inkomen van het huishouden, vergeleken met Nederland: verschillend" in merged
    )
    # 'ongeveer' with a number as round as it is said: two significant digits (CBS in text);
    # the target group was rounded as well (4.520 of a true 4.522, say): said as approximate too
    assert "ongeveer 1.200 kinderen in Utrecht, van ongeveer 4.500 kinderen" in personas.card_text(
        t.iloc[0].to_dict(), "nl"
    )


def test_cards_shown_together_have_titles_that_tell_them_apart():
    """Two persona's of the same age read the same by age alone: each title adds the first
    attribute they differ in (here income), in a few words of its own, not the card's line
    again; a child's income is its family's (fresh-user trial: 'kind van 4-11 jaar, inkomen:
    hoog' read as if the child earned); other titles stay short."""
    rows = [dict(zip(HEADER.split(","), line.split(","), strict=True)) for line in (
        "kopp,2023,gemeente,GM0344,Utrecht,1,4-11,paar_met_kinderen,Nederland,5,geen,1365,20700,ok",
        "kopp,2023,gemeente,GM0344,Utrecht,2,4-11,paar_met_kinderen,Nederland,4,geen,1005,20700,ok",
        "kopp,2023,gemeente,GM0344,Utrecht,3,12-17,paar_met_kinderen,Nederland,5,geen,885,20700,ok")]  # fmt: skip
    assert personas.titles(rows, "nl") == [
        "Kind van 4 tot en met 11 jaar, gezin met een inkomen bij de hoogste 20%",
        "Kind van 4 tot en met 11 jaar, gezin met een inkomen net boven het midden",
        "Kind van 12 tot en met 17 jaar",
    ]
    assert (
        personas.titles(rows, "en")[1]
        == "Child aged 4 to 11, family with an income just above the middle"
    )
    # alike in household and income too: as many attributes as it takes, each in a few words
    rows[1] |= {"inkomen": "5", "herkomst": "Marokko"}
    rows[2] |= {"leeftijd": "4-11", "zorg_steun": "ggz"}
    assert personas.titles(rows, "nl") == [
        "Kind van 4 tot en met 11 jaar, herkomst Nederland, geen zorg of steun geregistreerd",
        # origin alone tells persona 2 from both others
        "Kind van 4 tot en met 11 jaar, herkomst Marokko",
        "Kind van 4 tot en met 11 jaar, herkomst Nederland, GGZ of verslavingszorg",
    ]
    # the HTML cards of an area use them
    html = personas.cards_html(pd.DataFrame(rows[:2]), "kopp", "GM0344", "nl")
    assert "<h3>Kind van 4 tot en met 11 jaar, herkomst Marokko</h3>" in html
    # an adult's income is the household's; a household in a few words; merged: 'verschillend'
    adults = [dict(r, theme="nieuwkomers", leeftijd="18-29") for r in rows[:2]]
    adults[0] |= {"huishouden": "alleenstaand", "herkomst": "Marokko"}
    adults[1] |= {"huishouden": "eenouder"}
    assert personas.titles(adults, "nl") == [
        "Nieuwkomer van 18 tot en met 29 jaar, alleenstaand",
        "Nieuwkomer van 18 tot en met 29 jaar, in een eenoudergezin",
    ]
    adults[0] |= {"huishouden": "eenouder", "inkomen": "1"}
    assert personas.titles(adults, "nl")[0].endswith(
        ", huishouden met een inkomen bij de laagste 20%"
    )
    adults[0] |= {"inkomen": "5", "zorg_steun": "overig"}
    assert personas.titles(adults, "en")[0].endswith(", care and support: various")
    # each card as few words as tell it from every other (the default world's Utrecht cards):
    # the household alone tells persona 2 apart, persona's 1 and 3 need their care too
    three = [dict(adults[0], huishouden=h, zorg_steun=z, inkomen="1", rank=str(i + 1))
             for i, (h, z) in enumerate([("alleenstaand", "geen"), ("overig_huishouden", "geen"),
                                         ("alleenstaand", "ggz")])]  # fmt: skip
    assert personas.titles(three, "nl") == [
        "Nieuwkomer van 18 tot en met 29 jaar, alleenstaand, geen zorg of steun geregistreerd",
        "Nieuwkomer van 18 tot en met 29 jaar, in een ander soort huishouden",
        "Nieuwkomer van 18 tot en met 29 jaar, alleenstaand, GGZ of verslavingszorg",
    ]
    # the words a title adds are not the card's line again
    for r, head in zip(rows, personas.titles(rows, "nl"), strict=True):
        _, lines = personas.card_lines(r, "nl", head)
        assert not any(line.lower() in head.lower() for line in lines[:-2]), (head, lines)


def test_cards_are_name_free_and_cite_their_counts(tmp_path):
    path = table(tmp_path)
    t = personas.read_personas(path)
    for lang in ("nl", "en"):
        page = personas.cards_html(t, "kopp", "WK034403", lang)
        assert page.count('class="persona"') == 2
        cited = CITATION.findall(page)
        assert [(f, r, c) for f, r, c, _, _ in cited] == [
            ("kopp/personas.csv", "1", "n_persons"), ("kopp/personas.csv", "1", "n_target"),
            ("kopp/personas.csv", "2", "n_persons"), ("kopp/personas.csv", "2", "n_target"),
        ]  # fmt: skip
        csv = pd.read_csv(path, keep_default_na=False, na_values=[""])
        for _file, row, col, kind, shown in cited:
            assert shown == _formatted(float(csv.loc[int(row), col]), kind, lang)
        # no name: the title is who in plain words ('Kind van 12 tot en met 17 jaar'), no rank,
        # no age code ('12-17'), nothing capitalised after its first letter but labels
        titles = re.findall(r"<h3>(.*?)</h3>", page)
        assert all(re.fullmatch(r"[A-Z][a-z]+ [a-z][\w ]+", x) for x in titles), titles
        assert "samengesteld beeld" in page if lang == "nl" else "composite picture" in page
    # no persona: why, in words, kept apart from an empty target group
    assert "te weinig kinderen" in personas.cards_html(t, "kopp", "WK034406", "nl")
    assert (
        "er zijn geen kinderen met een ouder met psychische problemen of verslaving"
        in personas.cards_html(t, "kopp", "WK034410", "nl")
    )
    assert personas.cards_html(t, "kopp", "WK034499", "nl") == ""


def test_the_gate_checks_a_persona_table(tmp_path):
    table(tmp_path)
    assert check_export(tmp_path, 10) == []
    bad = TABLE.replace(",40,120,ok", ",8,120,ok").replace(",,,suppressed", ",,30,suppressed")
    (tmp_path / "kopp" / "personas.csv").write_text(bad, encoding="utf-8")
    problems = [str(p) for p in check_export(tmp_path, 10)]
    assert len(problems) == 2
    assert (
        "line 3" in problems[0]
        and "n_persons 8 of n_target 120 breaks the primary rule" in problems[0]
    )
    assert "line 5" in problems[1] and "suppressed row still carries n_target" in problems[1]


def test_the_factsheet_row_has_one_narrow_card_per_theme(tmp_path):
    t = personas.read_personas(table(tmp_path))
    page = personas.row_html({"kopp": t, "migratie": None}, "WK034403", "Overvecht", "nl")
    assert (
        page.count('class="persona"') == 1
        and "Persona&#x27;s: voorbeeldpersonen in Overvecht" in page
    )
    assert (
        "<h3>Kind van 4 tot en met 11 jaar</h3>" in page
        and " · Inkomen (vergeleken met Nederland): <b>bij de laagste 20%" in page
    )
    assert [c for _, _, c, _, _ in CITATION.findall(page)] == ["n_persons", "n_target"]
    assert "Deze persona is een samengesteld beeld, geen echt persoon." in page
    none = personas.row_html({"kopp": t}, "WK034406", "Binnenstad", "en")
    assert 'class="persona none"' in none and "No personas for Binnenstad" in none
    assert personas.row_html({"kopp": None}, "WK034403", "Overvecht", "nl") == ""


def test_a_migratie_card_names_the_target_measure_of_its_table():
    # personas.csv says which registry measure its n_target counts (config
    # personas.themes.migratie.target); the card says it in words, never another measure's
    row = {"theme": "migratie", "area_name": "Overvecht", "n_persons": "40", "n_target": "120"}
    said = {t: personas.stands_for({**row, "target": t}, "nl") for t in ("ggz", "psychofarmaca")}
    assert said["ggz"].endswith("van ongeveer 120 volwassenen met GGZ-zorg.")
    assert said["psychofarmaca"].endswith(
        "van ongeveer 120 volwassenen die psychofarmaca gebruiken."
    )
    assert personas.stands_for({**row, "target": "psychofarmaca"}, "en").endswith(
        "of about 120 adults who use psychotropic drugs."
    )
    # a table made before the column existed: the default target
    assert personas.stands_for(row, "nl") == said["ggz"]
    # kopp and nieuwkomers: the theme's group, whatever the definition
    kopp = {**row, "theme": "kopp", "target": "smal"}
    assert (
        "van ongeveer 120 kinderen met een ouder met psychische problemen"
        in personas.stands_for(kopp, "nl")
    )


def test_only_a_rounded_count_is_said_as_about(tmp_path):
    # personas.csv says to what its counts were rounded (column rounding_base, 0: exact,
    # personas.rounding_base 0); a card says 'ongeveer' for a rounded count only
    head = HEADER.replace(",n_target,", ",n_target,rounding_base,")
    lines = [
        ",".join([*line.split(",")[:-1], base, line.split(",")[-1]])
        for line in TABLE.splitlines()[1:3]
        for base in ("5" if "Utrecht" in line else "0",)
    ]
    path = tmp_path / "kopp" / "personas.csv"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join([head, *lines]) + "\n", encoding="utf-8")
    t = personas.read_personas(path)
    rounded, exact = t.iloc[0].to_dict(), t.iloc[1].to_dict()
    assert personas.is_rounded(rounded) and not personas.is_rounded(exact)
    assert personas.stands_for(exact, "nl").startswith(
        "Staat voor 40 kinderen in Overvecht, van de 120 kinderen"
    )
    assert personas.stands_for(exact, "en").startswith(
        "Stands for 40 children in Overvecht, of the 120 children"
    )
    assert "Staat voor ongeveer 1.200 kinderen in Utrecht" in personas.card_text(rounded, "nl")
    # an exact count of 1.235 is said as it is, not to two significant digits
    assert "Staat voor 1.235 kinderen in Utrecht" in personas.stands_for(
        {**rounded, "rounding_base": "0"}, "nl"
    )
    for lang in ("nl", "en"):
        page = personas.cards_html(t, "kopp", "WK034403", lang)
        assert "ongeveer" not in page and "about" not in page
        assert [k for _, _, _, k, _ in CITATION.findall(page)] == ["count", "count"]
        row = personas.row_html({"kopp": t}, "WK034403", "Overvecht", lang)
        assert "ongeveer" not in row and "about" not in row
    rounded_page = personas.cards_html(t, "kopp", "GM0344", "nl")
    assert "Staat voor ongeveer <" in rounded_page
    # both counts of a rounded row are approximate: the target group too (fresh-user trial:
    # 'van de 20.700 kinderen' read as exact where the measure counts 20.702)
    assert "van ongeveer <" in rounded_page
    assert [k for _, _, _, k, _ in CITATION.findall(rounded_page)] == ["about", "about"]
    # a table made before the column existed was rounded (personas.rounding_base 5)
    assert personas.is_rounded(personas.read_personas(table(tmp_path / "old")).iloc[1])


def test_the_dashboard_says_the_counts_are_rounded_only_when_they_are(tmp_path):
    from wijkzicht.outputs import dashboard

    head = HEADER.replace(",n_target,", ",n_target,rounding_base,")
    for base, said in (("5", "Aantallen afgerond op veelvouden van 5."), ("0", None)):
        line = TABLE.splitlines()[2].rsplit(",", 1)
        path = tmp_path / base / "kopp" / "personas.csv"
        path.parent.mkdir(parents=True)
        path.write_text(f"{head}\n{line[0]},{base},{line[1]}\n", encoding="utf-8")
        bases = dashboard.persona_rounding(tmp_path / base, ["kopp", "migratie"])
        assert bases == {int(base)}
        note = dashboard.persona_section("nl", bases)
        assert (said in note) if said else ("afgerond" not in note)
        assert ("rounded" in dashboard.persona_section("en", bases)) == bool(said)
    assert "Aantallen met &#x27;ongeveer&#x27; zijn afgerond." in dashboard.persona_section(
        "nl", {None}
    )


def test_income_on_a_card_is_its_place_in_the_country_never_low_or_high():
    """The newcomers' marker 'laag inkomen' is the lowest 10% of the country; a card that called
    the lowest fifth 'laag' too showed a vulnerable newcomer another 'laag' than the one that made
    them count (fresh-user trial). The quintiles are said by their place only."""
    from wijkzicht.outputs.labels import persona_value

    said = {lang: [persona_value(lang, "inkomen", q) for q in "12345"] for lang in ("nl", "en")}
    # 'of the Netherlands' is in the card's label: 'Inkomen van het huishouden, vergeleken met
    # Nederland' (personas.TEXT attr), so that a title says the same words (R12)
    assert said["nl"][0] == "bij de laagste 20%"
    assert said["nl"][4] == "bij de hoogste 20%"
    assert said["en"][0] == "among the lowest 20%"
    for words in said["nl"]:
        assert not re.search(r"\b(laag|hoog)\b", words), words
    for words in said["en"]:
        assert not re.search(r"\b(low|high)\b", words), words
