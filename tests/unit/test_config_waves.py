"""A survey wave outside `years` stops the run with what to set instead (pipeline.config)."""

from __future__ import annotations

import pytest
from worlds import config

from wijkzicht.pipeline.config import ConfigError, wave_errors


def test_default_waves_with_later_years_say_what_to_set():
    # config/config.yaml's survey_waves [2020, 2022] with years [2022, 2023]
    with pytest.raises(ConfigError) as err:
        config(years=[2022, 2023])
    msg = str(err.value)
    assert "survey_waves: wave 2020 is not one of years [2022, 2023]" in msg
    assert "set survey_waves to the waves within years, here [2022]" in msg


def test_no_wave_within_years_says_an_empty_list():
    (msg,) = wave_errors([2022, 2023], [2020, 2021])
    assert msg.startswith("survey_waves: waves 2020, 2021 are not one of years [2022, 2023];")
    assert msg.endswith("here [] (no survey wave)")


def test_waves_within_years_pass():
    assert wave_errors([2020, 2021, 2022], [2020, 2022]) == []
    assert wave_errors([2022], []) == []
