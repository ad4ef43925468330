"""Regression: a domain selection that keeps no respondent gives no rows, not a type error."""

import numpy as np
import pandas as pd

from wijkzicht.statistics.survey import survey_proportion


def test_where_keeps_nobody():
    d = pd.DataFrame({"STRATUM": ["a", "a", "b", "b"], "WEIGHT": [1.0, 2.0, 1.0, 3.0], "y": [1.0, 0.0, 1.0, 1.0],
                      "wijk": ["W1", "W1", "W2", "W2"]})  # fmt: skip
    out = survey_proportion(d, "y", by=["wijk"], where=np.zeros(4, dtype=bool))
    assert len(out) == 0
    some = survey_proportion(d, "y", by=["wijk"], where=np.array([True, True, False, False]))
    assert some["wijk"].tolist() == ["W1"] and some["value"].iloc[0] == 1 / 3
