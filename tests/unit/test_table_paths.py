"""Per-year table paths: a {year} pattern or one path per year; one fixed path is an error."""

import pytest
from worlds import config

from wijkzicht.pipeline.config import ConfigError, input_files, input_path


def test_year_pattern_gives_each_year_its_file():
    cfg = config(data={"tables": {"MEDICIJNTAB": "/data/MEDICIJN{year}TABV1.parquet"}})
    assert input_path(cfg, "MEDICIJNTAB", 2021) == "/data/MEDICIJN2021TABV1.parquet"
    assert input_path(cfg, "MEDICIJNTAB", 2022) == "/data/MEDICIJN2022TABV1.parquet"


def test_mapping_year_to_path_as_cbs_names_files():
    paths = {y: f"/data/MEDICIJNTAB{y}V{y - 2017}.parquet" for y in [2019, 2020, 2021, 2022, 2023]}
    cfg = config(data={"tables": {"MEDICIJNTAB": paths}})
    assert input_path(cfg, "MEDICIJNTAB", 2021) == "/data/MEDICIJNTAB2021V4.parquet"
    assert input_path(cfg, "MEDICIJNTAB", 2023) == "/data/MEDICIJNTAB2023V6.parquet"
    # every (table, year) the pipeline reads resolves to its own file
    files = [input_path(cfg, t, y) for t, y in input_files(cfg) if t == "MEDICIJNTAB"]
    assert files == [paths[y] for y in sorted(paths)]


def test_one_path_for_a_per_year_table_is_an_error_naming_the_table():
    # the failing case: the 2022 file silently used for every year
    with pytest.raises(ConfigError) as err:
        config(data={"tables": {"MEDICIJNTAB": "/data/MEDICIJNTAB2022.parquet"}})
    msg = str(err.value)
    assert "data.tables.MEDICIJNTAB" in msg and "{year}" in msg
    assert "/data/MEDICIJNTAB2022.parquet" in msg


def test_mapping_that_misses_a_year_names_the_year():
    paths = {2019: "/a", 2020: "/b", 2021: "/c", 2023: "/e"}
    with pytest.raises(
        ConfigError, match=r"data.tables.ZVWZORGKOSTENTAB: no path for year\(s\) 2022"
    ):
        config(data={"tables": {"ZVWZORGKOSTENTAB": paths}})


def test_survey_needs_paths_for_its_waves_only():
    cfg = config(data={"tables": {"GEZOMONITOR": {2020: "/gm20.sav", 2022: "/gm22.sav"}}})
    assert input_path(cfg, "GEZOMONITOR", 2022) == "/gm22.sav"


def test_a_table_for_all_years_takes_one_path():
    cfg = config(data={"tables": {"GBAPERSOONTAB": "/data/GBAPERSOON2023TABV1.csv"}})
    assert input_path(cfg, "GBAPERSOONTAB") == "/data/GBAPERSOON2023TABV1.csv"
    with pytest.raises(ConfigError, match="data.tables.GBAPERSOONTAB: GBAPERSOONTAB is one file"):
        config(data={"tables": {"GBAPERSOONTAB": "/data/GBAPERSOON{year}.csv"}})
    with pytest.raises(ConfigError, match="data.tables.KINDOUDERTAB"):
        config(data={"tables": {"KINDOUDERTAB": {2021: "/k.csv"}}})


def test_one_file_for_two_years_of_a_per_year_table_is_an_error_u7():
    """U7: GGZDBCTRAJECTENHOOFDDIAGTAB of 2022 and 2023 combined into one file and given for
    both years ran without a word, every year counting both years' trajectories (KOPP
    verslaving 17 -> 30 children in 2022 on a 3,000-resident world)."""
    paths = {2019: "/a", 2020: "/b", 2021: "/all.parquet", 2022: "/d", 2023: "/all.parquet"}
    with pytest.raises(ConfigError) as err:
        config(data={"tables": {"GGZDBCTRAJECTENHOOFDDIAGTAB": paths}})
    msg = str(err.value)
    assert "data.tables.GGZDBCTRAJECTENHOOFDDIAGTAB: the same file '/all.parquet'" in msg
    assert "for the years 2021, 2023" in msg
