"""One team, one name (fresh-user trial: 'jeugdteam' in the measure title, 'buurtteam jeugd en
gezin' in the definition, 'jeugd- en gezinsteam' on the persona cards, for the same team): the
measure, the persona's care and the definitions' words name the JG team alike, and the
sociaal buurtteam (SOC) stays another team; both are teams of the buurtteam, the source."""

import re

import pytest

from wijkzicht.definitions.words import team
from wijkzicht.outputs.labels import label, persona_value, source_labels


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_youth_and_family_team_has_one_name(lang):
    name = team("JG", lang)
    assert name in label(lang, "kopp.jeugdteam")
    assert persona_value(lang, "zorg_steun", "buurtteam") == name
    assert team("SOC", lang) != name
    said = " ".join([label(lang, "kopp.jeugdteam"), persona_value(lang, "zorg_steun", "buurtteam")])
    assert not re.search(r"jeugdteam|gezinsteam|youth-team|youth team", said), said


def test_the_teams_are_teams_of_the_buurtteam_the_source_names():
    (source,) = source_labels("nl", ["GEMBUURTTEAM"])
    assert "buurtteam" in source
    assert all(team(code, "nl").count("buurtteam") == 1 for code in ("JG", "SOC"))
    (source,) = source_labels("en", ["GEMBUURTTEAM"])
    assert all("neighbourhood team" in team(code, "en") for code in ("JG", "SOC"))
    assert "neighbourhood-team" in source
