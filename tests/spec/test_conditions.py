"""Person conditions per year, on tiny tables: the 2022 break in the GGZ cost columns."""

import duckdb
import pandas as pd
from worlds import REPO, config, table

from wijkzicht.definitions import parse_definitions
from wijkzicht.inputs.reference import read_codelists
from wijkzicht.population.conditions import ggz_cost_columns, person_conditions

DEFINITIONS = parse_definitions(config())
EMPTY = {
    "MEDICIJNTAB": "RINPERSOONS VARCHAR, RINPERSOON VARCHAR, ATC4 VARCHAR",
    "GGZDBCTRAJECTENHOOFDDIAGTAB": "RINPERSOONS VARCHAR, RINPERSOON VARCHAR, GGZDBCHoofddiagnoseDSMIV VARCHAR, GGZDBCCircuitHOOFDDIAG VARCHAR",
    "GEMWMOVOORZIENINGEN": "RINPERSOONS VARCHAR, RINPERSOON VARCHAR, VOORZIENING VARCHAR, DATUMBEGIN DATE, DATUMEINDE DATE",
    "GEMBUURTTEAM": "RINPERSOONS VARCHAR, RINPERSOON VARCHAR, TEAM VARCHAR, DATUMBEGIN DATE, DATUMEINDE DATE",
    "KOPPELPERSOONHUISHOUDEN": "RINPERSOONS VARCHAR, RINPERSOON VARCHAR, RINPERSOONSHKW VARCHAR, RINPERSOONHKW VARCHAR",
    "INHATAB": "RINPERSOONSHKW VARCHAR, RINPERSOONHKW VARCHAR, INHP100HBEST INTEGER",
}  # fmt: skip


def _ggz(zvw: pd.DataFrame, year: int) -> set[str]:
    con = duckdb.connect()
    for name, cols in EMPTY.items():
        con.execute(f"CREATE TABLE {name} ({cols})")
    for c in ("ZVWKGENBASGGZ", "ZVWKSPECGGZ", "ZVWKGGZZPMTOTAAL"):
        if c in zvw:
            zvw[c] = pd.to_numeric(zvw[c].replace("", None))
    con.register("ZVWZORGKOSTENTAB", zvw)
    codelists = read_codelists(REPO / "config/codelists/codelists.yaml")
    got = person_conditions(con, [DEFINITIONS.conditions["ggz"]], year, codelists)
    return set(got["RINPERSOON"])


def test_cost_columns_by_year():
    assert ggz_cost_columns(2021) == ["ZVWKGENBASGGZ", "ZVWKSPECGGZ"]
    assert ggz_cost_columns(2022) == ["ZVWKGGZZPMTOTAAL"]


def test_2022_uses_the_new_column_even_when_the_file_has_the_old_ones():
    zvw = table("""
    | RINPERSOONS | RINPERSOON | ZVWKGENBASGGZ | ZVWKSPECGGZ | ZVWKGGZZPMTOTAAL |
    | R           | 000000001  | 500           | 0           |                  |
    | R           | 000000002  |               |             | 120.5            |
    | R           | 000000003  | 0             | 0           | -10              |
    """)
    assert _ggz(zvw.copy(), 2022) == {"000000002"}
    assert _ggz(zvw.copy(), 2021) == {"000000001"}


def test_up_to_2021_the_two_columns_are_summed_with_missing_as_zero():
    zvw = table("""
    | RINPERSOONS | RINPERSOON | ZVWKGENBASGGZ | ZVWKSPECGGZ |
    | R           | 000000001  |               | 10          |
    | R           | 000000002  | 50            | -50         |
    | R           | 000000003  |               |             |
    """)
    assert _ggz(zvw, 2020) == {"000000001"}
