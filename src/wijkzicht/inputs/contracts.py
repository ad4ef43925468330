"""The input contract as data: the tables as CBS delivers them, their columns, kinds and keys."""

from __future__ import annotations

from dataclasses import dataclass, field

# Column kinds. Every value is first read as a trimmed string ('' for missing),
# then checked against its kind, then converted to the typed form written to Parquet.
#   rins   RINPERSOONS-like: at most one character ('' allowed)
#   rin    RINPERSOON-like: 9 digits, or '' (not linkable)
#   digits fixed-width digit code (width), '' allowed when nullable
#   code   one of a fixed domain
#   date   YYYYMMDD; '' means NULL (begin dates) or 20501231 (end dates, open_end=True)
#   year   YYYY -> integer;  month  MM -> integer 0..12 (00: month unknown)
#   float  a number ('' -> NULL)
#   int    an integer within [lo, hi] ('' -> NULL when nullable)
#   text   any string
# A column's `unknown` values mean "not known" where CBS writes a placeholder instead of an empty
# value: read as '' (KINDOUDERTAB: an unknown parent's RINPERSOON is '---------').
KINDS = {"rins", "rin", "digits", "code", "date", "year", "month", "float", "int", "text"}

OPEN_END = "20501231"
# CBS's RINPERSOON of a person not known (KINDOUDERTAB: a parent not known), nine dashes
UNKNOWN_PERSON = "-" * 9


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    nullable: bool = True
    domain: tuple[str, ...] = ()
    width: int = 0
    lo: float | None = None
    hi: float | None = None
    open_end: bool = False
    exclusive_lo: bool = False
    years: tuple[int | None, int | None] = (None, None)  # required only for these years
    unknown: tuple[str, ...] = ()  # placeholders for "not known", read as ''

    def required_in(self, year: int | None) -> bool:
        first, last = self.years
        if year is None:
            return first is None and last is None
        return (first is None or year >= first) and (last is None or year <= last)


@dataclass(frozen=True)
class Table:
    name: str
    per_year: bool
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    person_key: tuple[str, str] | None = ("RINPERSOONS", "RINPERSOON")
    period: tuple[str, str] | None = None  # begin/end columns: begin not after end
    spells: tuple[str, str] | None = None  # begin/end columns that must not overlap per person
    wide_years: bool = False  # VSLGWBTAB: gemYYYY/wcYYYY/bcYYYY columns per year
    source: str = ""
    description: dict[str, str] = field(default_factory=dict)
    hint: str = ""  # added to a missing-column error (e.g. which setting chose this contract)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


P = (Column("RINPERSOONS", "rins"), Column("RINPERSOON", "rin"))

K10 = tuple(Column(f"K10_{i:02d}", "int", lo=1, hi=5) for i in range(1, 11))
EENZ = tuple(Column(f"EENZ_{i:02d}", "int", lo=1, hi=3) for i in range(1, 12))

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "GBAPERSOONTAB",
            per_year=False,
            columns=P
            + (
                Column("GBAGESLACHT", "code", nullable=False, domain=("1", "2", "-")),
                Column("GBAGEBOORTEJAAR", "year", nullable=False),
                Column("GBAGEBOORTEMAAND", "month", nullable=False),
                Column("GBAGEBOORTELAND", "digits", width=4),
                Column("GBAGENERATIE", "code", nullable=False, domain=("0", "1", "2", "-")),
                Column("GBAHERKOMSTLAND", "digits", width=4),
                Column("GBAAANTALOUDERSBUITENLAND", "code", domain=("0", "1", "2")),
            ),
            key=("RINPERSOONS", "RINPERSOON"),
            source="CBS",
            description={"nl": "Persoonskenmerken (BRP)", "en": "Person characteristics (BRP)"},
        ),
        Table(
            "KINDOUDERTAB",
            per_year=False,
            columns=P
            + (
                Column("RINPERSOONSpa", "rins"),
                Column("RINPERSOONpa", "rin", unknown=(UNKNOWN_PERSON,)),
                Column("RINPERSOONSMa", "rins"),
                Column("RINPERSOONMa", "rin", unknown=(UNKNOWN_PERSON,)),
            ),
            key=("RINPERSOONS", "RINPERSOON"),
            source="CBS",
            description={"nl": "Kind-ouderkoppeling", "en": "Child-parent links"},
        ),
        Table(
            "GBAADRESOBJECTBUS",
            per_year=False,
            columns=P
            + (
                Column("GBADATUMAANVANGADRESHOUDING", "date"),
                Column("GBADATUMEINDEADRESHOUDING", "date", open_end=True),
                Column("SOORTOBJECTNUMMER", "text", nullable=False),
                Column("RINOBJECTNUMMER", "text", nullable=False),
            ),
            period=("GBADATUMAANVANGADRESHOUDING", "GBADATUMEINDEADRESHOUDING"),
            spells=("GBADATUMAANVANGADRESHOUDING", "GBADATUMEINDEADRESHOUDING"),
            source="CBS",
            description={"nl": "Adresperioden", "en": "Address spells"},
        ),
        Table(
            "VSLGWBTAB",
            per_year=False,
            columns=(
                Column("SOORTOBJECTNUMMER", "text", nullable=False),
                Column("RINOBJECTNUMMER", "text", nullable=False),
            ),
            key=("SOORTOBJECTNUMMER", "RINOBJECTNUMMER"),
            person_key=None,
            wide_years=True,
            source="CBS",
            description={
                "nl": "Adres naar gemeente, wijk en buurt",
                "en": "Address to gemeente, wijk and buurt",
            },
        ),
        Table(
            "GBAHUISHOUDENSBUS",
            per_year=False,
            columns=P
            + (
                Column("HUISHOUDNR", "text", nullable=False),
                Column("DATUMAANVANGHH", "date"),
                Column("DATUMEINDEHH", "date", open_end=True),
                Column("TYPHH", "code", domain=tuple("12345678")),
                Column("PLHH", "code", domain=tuple("12345678")),
            ),
            period=("DATUMAANVANGHH", "DATUMEINDEHH"),
            spells=("DATUMAANVANGHH", "DATUMEINDEHH"),
            source="CBS",
            description={"nl": "Huishoudensperioden", "en": "Household spells"},
        ),
        Table(
            "MEDICIJNTAB",
            per_year=True,
            columns=P + (Column("ATC4", "text", nullable=False),),
            key=("RINPERSOONS", "RINPERSOON", "ATC4"),
            source="CBS",
            description={
                "nl": "Verstrekte geneesmiddelen (ATC4)",
                "en": "Dispensed medicines (ATC4)",
            },
        ),
        Table(
            "ZVWZORGKOSTENTAB",
            per_year=True,
            columns=P
            + (
                Column("ZVWKHUISARTS", "float"),
                Column("ZVWKFARMACIE", "float"),
                Column("ZVWKGENBASGGZ", "float", years=(None, 2021)),
                Column("ZVWKSPECGGZ", "float", years=(None, 2021)),
                Column("ZVWKGGZZPMTOTAAL", "float", years=(2022, None)),
            ),
            key=("RINPERSOONS", "RINPERSOON"),
            source="CBS",
            description={"nl": "Zorgkosten Zvw", "en": "Health-insurance costs"},
        ),
        Table(
            "GGZDBCTRAJECTENHOOFDDIAGTAB",
            per_year=True,
            columns=P
            + (
                Column("GGZDBCtrajectnummer", "text", nullable=False),
                Column("GGZDBCBegindatum", "date"),
                Column("GGZDBCEinddatum", "date", open_end=True),
                Column("GGZDBCHoofddiagnoseDSMIV", "text"),
                Column("GGZDBCCircuitHOOFDDIAG", "text"),
            ),
            key=("RINPERSOONS", "RINPERSOON", "GGZDBCtrajectnummer"),
            period=("GGZDBCBegindatum", "GGZDBCEinddatum"),
            source="CBS",
            description={
                "nl": "Trajecten specialistische GGZ",
                "en": "Specialist mental-health trajectories",
            },
        ),
        Table(
            "KOPPELPERSOONHUISHOUDEN",
            per_year=True,
            columns=P + (Column("RINPERSOONSHKW", "rins"), Column("RINPERSOONHKW", "rin")),
            key=("RINPERSOONS", "RINPERSOON"),
            source="CBS",
            description={
                "nl": "Persoon naar inkomenshuishouden",
                "en": "Person to income household",
            },
        ),
        Table(
            "INHATAB",
            per_year=True,
            columns=(
                Column("RINPERSOONSHKW", "rins"),
                Column("RINPERSOONHKW", "rin"),
                Column("INHBESTINKH", "float"),
                Column("INHP100HBEST", "int", lo=-1, hi=100),
            ),
            key=("RINPERSOONSHKW", "RINPERSOONHKW"),
            person_key=("RINPERSOONSHKW", "RINPERSOONHKW"),
            source="CBS",
            description={"nl": "Huishoudensinkomen", "en": "Household income"},
        ),
        Table(
            "GEMWMOVOORZIENINGEN",
            per_year=False,
            columns=P
            + (
                Column(
                    "VOORZIENING", "code", nullable=False, domain=("BW", "MO", "BEG", "DB", "HH")
                ),
                Column("DATUMBEGIN", "date"),
                Column("DATUMEINDE", "date", open_end=True),
            ),
            period=("DATUMBEGIN", "DATUMEINDE"),
            source="gemeente",
            description={"nl": "Wmo-voorzieningen", "en": "Wmo provisions"},
        ),
        Table(
            "GEMBUURTTEAM",
            per_year=False,
            columns=P
            + (
                Column("TEAM", "code", nullable=False, domain=("SOC", "JG")),
                Column("DATUMBEGIN", "date"),
                Column("DATUMEINDE", "date", open_end=True),
            ),
            period=("DATUMBEGIN", "DATUMEINDE"),
            source="gemeente",
            description={"nl": "Buurtteamtrajecten", "en": "Neighbourhood-team trajectories"},
        ),
        Table(
            "GEZOMONITOR",
            per_year=True,
            columns=P
            + (
                Column("STRATUM", "digits", nullable=False, width=6),
                Column("WEIGHT", "float", nullable=False, lo=0, exclusive_lo=True),
            )
            + K10
            + EENZ
            + (Column("ERVGEZ", "int", lo=1, hi=5),),
            key=("RINPERSOONS", "RINPERSOON"),
            source="GGD",
            description={"nl": "Gezondheidsmonitor (GGD)", "en": "Health survey (GGD)"},
        ),
    ]
}


# The columns by which CBS links a registration that arrives without RINPERSOONS/RINPERSOON:
# birth date, sex and the address object (the address pseudonymised by CBS onto the key of
# GBAADRESOBJECTBUS). Each may be empty (an unknown value): the linkage then weighs the others.
IDENTIFYING = (
    Column("GEBOORTEDATUM", "date"),
    Column("GESLACHT", "code", domain=("1", "2", "-")),
    Column("SOORTOBJECTNUMMER", "text"),
    Column("RINOBJECTNUMMER", "text"),
)
# the registrations that may arrive without the key (they have a begin date: the linkage
# compares the address on that date)
UNKEYABLE = ("GEMBUURTTEAM", "GEMWMOVOORZIENINGEN")


def unkeyed_table(name: str) -> Table:
    """The contract of registration `name` delivered without the CBS key: its own columns
    without RINPERSOONS/RINPERSOON, plus IDENTIFYING; no key, no person key.

    Raises KeyError for a table that cannot arrive unkeyed (not in UNKEYABLE)."""
    if name not in UNKEYABLE:
        raise KeyError(name)
    keyed = TABLES[name]
    own = tuple(c for c in keyed.columns if c.name not in ("RINPERSOONS", "RINPERSOON"))
    return Table(
        name,
        per_year=keyed.per_year,
        columns=IDENTIFYING + own,
        person_key=None,
        period=keyed.period,
        source=keyed.source,
        description=keyed.description,
        hint=(
            f"  ({name} is configured to arrive without RINPERSOON, to be linked on birth date, "
            "sex and address: setting data.unkeyed, or synthetic.unkeyed for the synthetic "
            "world. A file with RINPERSOONS/RINPERSOON is read when the table is not listed "
            "there.)"
        ),
    )


def wide_year_columns(year: int) -> tuple[Column, ...]:
    """The VSLGWBTAB columns that place an address on 1 January of `year`."""
    return (
        Column(f"gem{year}", "digits", width=4),
        Column(f"wc{year}", "digits", width=6),
        Column(f"bc{year}", "digits", width=8),
    )


def table_years(table: Table, years: list[int], survey_waves: list[int]) -> list[int]:
    """The years for which a per-year table is read."""
    if not table.per_year:
        return []
    if table.name == "GEZOMONITOR":
        return sorted(survey_waves)
    return sorted(years)
