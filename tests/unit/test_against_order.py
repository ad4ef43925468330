"""What wijken were compared with is said in one order whatever the order of the tests on the page
(the factsheet's legend said 'the rest of the municipality or the municipality as a whole' for
one wijk and the reverse for the next, as the wijk's first figure was tested)."""

import pytest

from wijkzicht.outputs.format import against


@pytest.mark.parametrize(
    ("lang", "said"),
    [("nl", "de rest van de gemeente of de gemeente als geheel"),
     ("en", "the rest of the municipality or the municipality as a whole")],
)  # fmt: skip
def test_both_references_in_one_order(lang, said):
    for tests in (["two_proportion_z", "z_independent"], ["z_independent", "two_proportion_z"],
                  ("z_log_ratio", "z_independent", "two_proportion_z")):  # fmt: skip
        assert against(lang, tests) == said, tests
    assert against(lang, "z_log_ratio") == against(lang, ["z_independent"])
    assert against(lang, []) == {"nl": "de gemeente", "en": "the municipality"}[lang]
