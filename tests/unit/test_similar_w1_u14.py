"""U13 W1: 'Geen wijk lijkt duidelijk op X' was said where a listed wijk other than the nearest
is clearly alike (kopp Overvecht: Noordwest nearest, 3 of 8; Zuidwest at rank 2, 5 of 8), and
where the page had checked only the three nearest (Binnenstad and Noordwest are 5 of 8 alike,
neither among the other's nearest). The pages now say the nearest by distance ('ligt het dichtst
bij', U13 M3), then the clearly alike; 'geen wijk' only where every wijk was checked. Also no
'Ze lijken vooral op elkaar bij' after 'lijkt niet duidelijk' (U2) and no figure said alike and
differing in the same words (U1)."""

import pandas as pd
import pytest
from test_similar_ties_u12 import _rows

from wijkzicht.outputs.similar_wijken import group_likeness, likeness


def _said(pairs, lang="nl", wijk="Overvecht"):
    return likeness(lang, wijk, _rows(*pairs, name=wijk), None)


def test_the_nearest_not_clearly_alike_and_rank_2_is():
    """U13's kopp Overvecht: the old page said 'Geen wijk lijkt duidelijk op Overvecht'."""
    said = _said([("Noordwest", 2.9, 3, 8), ("Zuidwest", 3.1, 5, 8), ("West", 3.5, 2, 8)])
    assert said.startswith(
        "Het dichtst bij Overvecht ligt Noordwest: bij 3 van de 8 cijfers liggen ze dicht bij "
        "elkaar. Zuidwest lijkt duidelijk op Overvecht: bij 5 van de 8 cijfers liggen ze dicht bij "
        "elkaar. Ze lijken vooral op elkaar bij: "
    )
    assert "geen" not in said.lower() and "lijkt het meest op" not in said
    en = _said([("Noordwest", 2.9, 3, 8), ("Zuidwest", 3.1, 5, 8), ("West", 3.5, 2, 8)], "en")
    assert en.startswith("Closest to Overvecht is Noordwest: in 3 of the 8 figures")
    assert "Zuidwest is clearly like Overvecht: in 5 of the 8 figures" in en


def test_two_later_ones_clearly_alike_are_named_with_their_counts():
    said = _said([("Noordwest", 2.9, 3, 8), ("Zuidwest", 3.1, 5, 8), ("West", 3.5, 7, 8)])
    # in the order of distance, each with its count
    assert said == (
        "Het dichtst bij Overvecht ligt Noordwest: bij 3 van de 8 cijfers liggen ze dicht bij "
        "elkaar. Zuidwest en West lijken duidelijk op Overvecht. Cijfers dicht bij die van "
        "Overvecht: Zuidwest 5 van de 8, West 7 van de 8."
    )


def test_none_listed_clearly_alike_claims_only_the_listed():
    said = _said([("Noordwest", 2.9, 3, 8), ("Zuidwest", 3.1, 2, 8), ("West", 3.5, 4, 8)])
    assert said == (
        "Van de 3 wijken die het dichtst bij Overvecht liggen, lijkt geen duidelijk op Overvecht. "
        "Het dichtst bij ligt Noordwest: bij 3 van de 8 cijfers liggen ze dicht bij elkaar. Dicht "
        "bij elkaar liggen ze bij: verslaving. Ze verschillen het meest bij: ggz."
    )
    assert "Geen wijk" not in said and "lijken vooral op elkaar" not in said


@pytest.mark.parametrize("third", [5, 2])
def test_a_tie_none_clearly_alike_then_a_later_one_that_is(third):
    pairs = [("Zuidwest", 2.49, 2, 8), ("Noordwest", 2.5, 4, 8), ("West", 3.5, third, 8)]
    said = _said(pairs)
    assert "Cijfers dicht bij die van Overvecht: Noordwest 4 van de 8, Zuidwest 2 van de 8." in said
    if third == 5:
        assert said.startswith("Even dichtbij Overvecht liggen Noordwest en Zuidwest.")
        assert "West lijkt duidelijk op Overvecht: bij 5 van de 8 cijfers" in said
    else:
        assert said.startswith(
            "Van de 3 wijken die het dichtst bij Overvecht liggen, lijkt geen duidelijk op "
            "Overvecht. Even dichtbij liggen Noordwest en Zuidwest."
        )
    assert "Geen wijk" not in said


def test_a_tie_of_which_one_is_clearly_alike_names_that_one():
    said = _said([("Zuidwest", 2.49, 6, 8), ("Noordwest", 2.5, 4, 8)])
    # the clearly alike one first, then the rest of the tie with fewer figures close (U13 M4)
    assert said.startswith("Zuidwest lijkt duidelijk op Overvecht: bij 6 van de 8 cijfers")
    assert said.endswith(
        "Even dichtbij Overvecht, maar bij minder cijfers dicht bij elkaar: Noordwest (4 van de 8)."
    )


def _profile(z: dict) -> pd.DataFrame:
    wide = pd.DataFrame(z, index=["A", "B", "C", "D", "E"])
    return wide.stack().rename("z").rename_axis(["wijk", "indicator"]).reset_index()


def test_the_factsheet_says_geen_wijk_only_when_every_wijk_was_checked():
    """Binnenstad (A) and Noordwest (E): alike in 2 of 3 figures, E not among A's nearest."""
    from wijkzicht.outputs.similar_wijken import any_clearly_alike

    z = {"kopp.aandeel:a:wilson": [0.0, 1.0, 2.0, 3.0, 0.1],
         "kopp.aandeel:b:wilson": [0.0, 1.0, 2.0, 3.0, 0.2],
         "kopp.aandeel:c:wilson": [0.0, 0.2, 2.0, 3.0, 3.0]}  # fmt: skip
    rows = _rows(("B", 1.0, 1, 3), ("C", 2.0, 0, 3), ("D", 3.0, 0, 3), wijk="A", name="Binnenstad")
    assert any_clearly_alike(_profile(z), "A")
    named, words = group_likeness("nl", "Binnenstad", rows, _profile(z))
    assert named == [] and words.startswith(
        "van de wijken die het dichtst bij liggen, lijkt geen duidelijk op Binnenstad. Het dichtst "
        "bij liggen B (1 van de 3 cijfers dichtbij)"
    )
    # E moved away in a and b: no wijk is clearly alike to A, and the profile shows it
    far = {**z, "kopp.aandeel:a:wilson": [0.0, 1.0, 2.0, 3.0, 3.0],
           "kopp.aandeel:b:wilson": [0.0, 1.0, 2.0, 3.0, 3.0]}  # fmt: skip
    assert not any_clearly_alike(_profile(far), "A")
    named, words = group_likeness("nl", "Binnenstad", rows, _profile(far))
    assert words.startswith("geen wijk lijkt duidelijk op Binnenstad. Het dichtst bij liggen B")
    # no profile: nothing checked beyond the rows
    assert group_likeness("nl", "Binnenstad", rows, None)[1].startswith("van de wijken die")


def test_a_definition_alike_in_its_trend_and_apart_in_its_figure_is_said_apart():
    """U13 U1: 'De cijfers veranderen er ook op dezelfde manier bij: ouder met verslavingszorg.
    Ze verschillen het meest bij: ouder met verslavingszorg.'"""
    rows = _rows(("Zuidwest", 2.0, 6, 8), name="Overvecht").assign(
        closest_indicators="kopp.aandeel:ggz:wilson;kopp.aandeel:verslaving:trend_logit",
        differing_indicators="kopp.aandeel:verslaving:wilson",
    )
    said = likeness("nl", "Overvecht", rows, None)
    assert said.endswith(
        "De cijfers veranderen er ook op dezelfde manier bij: verslaving. Ze verschillen het meest "
        "bij: het cijfer van verslaving."
    )
