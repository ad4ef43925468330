"""The residents per area from their rows already read (export_organisation_figures reads the
person-year base once, for the areas and the ages): the same table as from the files."""

import pandas as pd
import pandas.testing as pdt

from wijkzicht.population.areas import area_population


def _persons() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2021, 2021, 2021, 2021, 2022, 2022],
            "gemeente": ["GM0344"] * 6,
            "wijk": ["WK034401", "WK034401", "WK034402", None, "WK034402", "WK034402"],
            "buurt": ["BU03440100", None, "BU03440200", None, "BU03440200", "BU03440201"],
            "in_gba": [True, True, False, True, True, True],
            "age": [3.0, 40.0, None, 20.0, 18.0, 17.0],
        }
    )


def test_the_rows_read_give_the_table_the_files_give(tmp_path):
    persons = _persons()
    files = []
    for year, rows in persons.groupby("year"):
        files.append(tmp_path / f"residents{year}.parquet")
        rows.to_parquet(files[-1])
    from_files = area_population(files)
    from_rows = area_population(persons)
    pdt.assert_frame_equal(from_rows, from_files)
    # a resident in no wijk counts for the gemeente only
    first = from_rows[from_rows["year"] == 2021].set_index(["area_level", "area_code"])
    assert first.loc[("gemeente", "GM0344"), "n_residents"] == 4
    assert first.loc[("wijk", "WK034401"), "n_residents"] == 2
    assert first.loc[("buurt", "BU03440100"), "n_residents"] == 1
