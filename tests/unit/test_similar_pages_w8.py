"""The report's section 'Wijken die op elkaar lijken' and the factsheet's 'Wijken die op {wijk}
lijken' say on how many figures the wijken were compared and where they differ most, from the
export's `differing_indicators` (U10 finding 8; similar_wijken.alike_in, whose sentences are
tested in test_similar_differ_w8.py)."""

from types import SimpleNamespace

import pandas as pd
import pytest
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import factsheet, report
from wijkzicht.outputs.document import Items


@pytest.fixture(scope="module")
def defs():
    return parse_definitions(config())


def _row(wijk, name, rank, other, other_name, closest, differing):
    return {"year": 2023, "wijk": wijk, "wijk_name": name, "rank": rank, "neighbour": other,
            "neighbour_name": other_name, "distance": 3.0 + rank, "n_common": 8,
            "closest_indicators": closest, "differing_indicators": differing}  # fmt: skip


SIMILAR = pd.DataFrame([
    _row("WK06", "Binnenstad", 1, "WK01", "West", "kopp.aandeel:ggz:wilson",
         "kopp.aandeel:verslaving:trend_logit;kopp.aandeel:breed:wilson"),
    _row("WK06", "Binnenstad", 2, "WK08", "Zuidwest", "kopp.aandeel:ggz:trend_logit;kopp.aandeel:breed:wilson",
         "kopp.aandeel:ggz:wilson"),
])  # fmt: skip


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_line_says_the_count_and_where_they_differ(tmp_path, defs, lang):
    (tmp_path / "kopp").mkdir()
    SIMILAR.to_csv(tmp_path / "kopp" / "vergelijkbare_wijken.csv", index=False)
    me = SimpleNamespace(
        w=report.WORDS[lang], root=tmp_path, theme="kopp", lang=lang, definitions=defs
    )
    items = report.ThemeReport.alike_section(me)[-1]
    assert isinstance(items, Items)
    line = "".join(map(str, items.items[0]))
    expected = {
        "nl": "Binnenstad lijkt het meest op West (vergeleken op 8 cijfers). Ze lijken vooral op elkaar bij: ouder "
              "met GGZ-zorg. Ze verschillen het meest bij: brede definitie. Hun cijfers veranderen ook anders bij: "
              "ouder met verslavingszorg.",
        "en": "Binnenstad is most like West (compared on 8 figures). They are alike above all in: parent with "
              "mental-health care. They differ most in: broad definition. Their figures also change differently "
              "for: parent with addiction care.",
    }  # fmt: skip
    assert line == expected[lang]
    assert (
        "halve standaardafwijking" if lang == "nl" else "half a standard deviation"
    ) in report.WORDS[lang]["alike_intro"]


def test_the_factsheet_says_what_every_one_of_the_group_shares(defs):
    """For the group (West and Zuidwest like Binnenstad), from the profile: alike where every
    one of them is within half an sd (psychofarmaca), differing where every one is beyond it
    (the trend of verslavingszorg); GGZ-zorg (West close, Zuidwest 1,1 sd apart: the joined
    lists said it alike) and brede definitie are said neither."""
    z = {
        "WK06": [0, 0, 0, 0, 0],
        "WK01": [0.2, 1.0, 0.8, 2.0, 0.3],
        "WK08": [1.1, 0.3, 0.1, 1.5, 0.4],
    }
    ind = ["kopp.aandeel:ggz:wilson", "kopp.aandeel:ggz:trend_logit", "kopp.aandeel:breed:wilson",
           "kopp.aandeel:verslaving:trend_logit", "kopp.aandeel:psychofarmaca:wilson"]  # fmt: skip
    profile = pd.DataFrame(
        [
            {"wijk": w, "indicator": i, "z": v}
            for w, vs in z.items()
            for i, v in zip(ind, vs, strict=True)
        ]
    )
    empty = SIMILAR.iloc[0:0]
    ex = SimpleNamespace(similar={t: SIMILAR if t == "kopp" else empty for t in factsheet.THEMES},
                         profile={t: profile if t == "kopp" else None for t in factsheet.THEMES})  # fmt: skip
    page = "".join(factsheet._alike(ex, "WK06", "Binnenstad", defs, "nl"))
    assert (
        "<li>Kinderen: <b>West</b> en <b>Zuidwest</b> (vergeleken op 8 cijfers). Ze lijken vooral op Binnenstad "
        "bij: ouder met psychofarmaca. Ze verschillen het meest van Binnenstad in hoe de cijfers veranderen bij: "
        "ouder met verslavingszorg.</li>"
    ) in page
    # an export without the profile or the column: as before
    old = SimpleNamespace(
        similar={t: v.drop(columns="differing_indicators") for t, v in ex.similar.items()}
    )
    page = "".join(factsheet._alike(old, "WK06", "Binnenstad", defs, "nl"))
    assert (
        "<li>Kinderen: <b>West</b> en <b>Zuidwest</b>. Ze lijken vooral op Binnenstad bij: " in page
    )
