"""The section "Kwaliteit van de bronnen" of a theme report, from the export alone.

Reads `linkage/bronkwaliteit.csv` (rows, completeness per required column, repaired and dropped
values, linkage rates, the year before; `wijkzicht.disclosure.linkage.releasable_quality`) and
`linkage/probabilistisch.csv` (the probabilistic linkage of registrations that arrived without
RINPERSOON). Every number is a `Cell` citing its row and column. A suppressed value is named
as such; a source the export holds no figures of is left out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wijkzicht.outputs.document import Cell, Heading, Items, Para, Part
from wijkzicht.outputs.key_messages import fill
from wijkzicht.outputs.labels import source_part_label

QUALITY = "linkage/bronkwaliteit.csv"
PROBABILISTIC = "linkage/probabilistisch.csv"

TEXT = {
    "nl": {
        "heading": "Kwaliteit van de bronnen",
        "intro": "Per bron het aantal rijen, het minst volledig ingevulde verplichte veld en welk deel "
        "van de rijen aan een persoon gekoppeld is. Geen enkele waarde is weggelaten of stil "
        "verbeterd: een bestand met een ongeldige waarde stopt de verwerking. Alleen voorloopnullen "
        "van codes die als getal waren opgeslagen, worden teruggezet. Een lege einddatum telt niet "
        "als onvolledig: dan loopt het adres, de voorziening of het traject nog.",
        "line": "{source}{year}: {n} rijen",
        "line_region": "{source}{year}: {n} rijen van deelnemers uit deze gemeente (het bestand "
        "van de GGD-regio heeft {n_file} rijen)",
        "least": "; minst volledig: {column} ({complete} ingevuld)",
        "least_hidden": "; minst volledig: {column} (aandeel onderdrukt: te weinig lege waarden)",
        "all_complete": "; alle verplichte velden zijn volledig ingevuld",
        "linked": "; {share} gekoppeld",
        "linked_hidden": "; het aandeel gekoppeld is onderdrukt (te weinig rijen niet gekoppeld)",
        "previous": " (het jaar ervoor {prev})",
        "repaired": "; bij {n} waarden voorloopnullen teruggezet",
        "repaired_file": "; in het hele bestand bij {n} waarden voorloopnullen teruggezet",
        "unkeyed": "{source}: deze bron kwam zonder persoonsnummer binnen. De rijen zijn gekoppeld op "
        "geboortedatum, geslacht en adres, met een kansmodel (Splink): {share} gekoppeld.",
        "evaluated": " Getoetst op de synthetische proefdata: {precision} van de koppelingen is "
        "juist (precisie) en {recall} van de personen is gevonden (recall).",
        "suppressed": "onderdrukt",
    },
    "en": {
        "heading": "Quality of the sources",
        "intro": "Per source the number of rows, the least complete required field and the share of "
        "rows linked to a person. No value is left out or silently corrected: a file with an "
        "invalid value stops the processing. Only the leading zeros of codes stored as numbers are "
        "put back. An empty end date does not count as incomplete: the address, provision or "
        "trajectory is still running.",
        "line": "{source}{year}: {n} rows",
        "line_region": "{source}{year}: {n} rows of respondents in this municipality (the file of "
        "the GGD region has {n_file} rows)",
        "least": "; least complete: {column} ({complete} filled in)",
        "least_hidden": "; least complete: {column} (share suppressed: too few empty values)",
        "all_complete": "; every required field is filled in completely",
        "linked": "; {share} linked",
        "linked_hidden": "; the share linked is suppressed (too few rows not linked)",
        "previous": " (the year before {prev})",
        "repaired": "; leading zeros put back in {n} values",
        "repaired_file": "; in the whole file leading zeros put back in {n} values",
        "unkeyed": "{source}: this source arrived without a person number. Its rows were linked on date of "
        "birth, sex and address, with a probability model (Splink): {share} linked.",
        "evaluated": " Tested on the synthetic trial data: {precision} of the links are right "
        "(precision) and {recall} of the persons were found (recall).",
        "suppressed": "suppressed",
    },
}

# required columns in words, by name or by the start of the name; else the name itself
COLUMN_WORDS = {
    "nl": [
        ("RINPERSOONS", "soort persoonsnummer"), ("RINPERSOON", "persoonsnummer"),
        ("RINPERSOONSpa", "vader"), ("RINPERSOONpa", "vader"), ("RINPERSOONSMa", "moeder"),
        ("RINPERSOONMa", "moeder"), ("RINPERSOONSHKW", "inkomenshuishouden"),
        ("RINPERSOONHKW", "inkomenshuishouden"), ("HUISHOUDNR", "huishouden"),
        ("GBAGEBOORTELAND", "geboorteland"), ("GBAGENERATIE", "generatie"),
        ("GBAHERKOMSTLAND", "herkomstland"),
        ("GBAAANTALOUDERSBUITENLAND", "aantal ouders geboren in het buitenland"),
        ("STRATUM", "stratum"), ("WEIGHT", "weegfactor"), ("gem", "gemeente"), ("wc", "wijk"),
        ("bc", "buurt"), ("GEBOORTEDATUM", "geboortedatum"), ("GESLACHT", "geslacht"),
        ("GBAGESLACHT", "geslacht"), ("GBAGEBOORTE", "geboortedatum"),
        ("SOORTOBJECTNUMMER", "soort adres"), ("RINOBJECTNUMMER", "adres"),
        ("DATUMBEGIN", "begindatum"), ("DATUMEINDE", "einddatum"),
        ("GBADATUMAANVANG", "begindatum adres"), ("GBADATUMEINDE", "einddatum adres"),
        ("DATUMAANVANGHH", "begindatum huishouden"), ("DATUMEINDEHH", "einddatum huishouden"),
        ("GGZDBCEinddatum", "einddatum traject"), ("GGZDBCBegindatum", "begindatum traject"),
        ("GGZDBCHoofddiagnose", "hoofddiagnose"), ("GGZDBCCircuit", "circuit"),
        ("ZVWK", "zorgkosten"), ("INHP100", "inkomenspercentiel"), ("INHBEST", "inkomen"),
        ("K10_", "vragen psychische klachten"), ("EENZ_", "vragen eenzaamheid"),
        ("ERVGEZ", "ervaren gezondheid"), ("TEAM", "team"), ("VOORZIENING", "voorziening"),
        ("ATC4", "medicijncode"), ("TYPHH", "soort huishouden"), ("PLHH", "plaats in huishouden"),
    ],
    "en": [
        ("RINPERSOONS", "kind of person number"), ("RINPERSOON", "person number"),
        ("RINPERSOONSpa", "father"), ("RINPERSOONpa", "father"), ("RINPERSOONSMa", "mother"),
        ("RINPERSOONMa", "mother"), ("RINPERSOONSHKW", "income household"),
        ("RINPERSOONHKW", "income household"), ("HUISHOUDNR", "household"),
        ("GBAGEBOORTELAND", "country of birth"), ("GBAGENERATIE", "generation"),
        ("GBAHERKOMSTLAND", "country of origin"),
        ("GBAAANTALOUDERSBUITENLAND", "number of parents born abroad"),
        ("STRATUM", "stratum"), ("WEIGHT", "weight"), ("gem", "gemeente"), ("wc", "wijk"),
        ("bc", "buurt"), ("GEBOORTEDATUM", "date of birth"), ("GESLACHT", "sex"),
        ("GBAGESLACHT", "sex"), ("GBAGEBOORTE", "date of birth"),
        ("SOORTOBJECTNUMMER", "kind of address"), ("RINOBJECTNUMMER", "address"),
        ("DATUMBEGIN", "start date"), ("DATUMEINDE", "end date"),
        ("GBADATUMAANVANG", "start of address"), ("GBADATUMEINDE", "end of address"),
        ("DATUMAANVANGHH", "start of household"), ("DATUMEINDEHH", "end of household"),
        ("GGZDBCEinddatum", "end of trajectory"), ("GGZDBCBegindatum", "start of trajectory"),
        ("GGZDBCHoofddiagnose", "main diagnosis"), ("GGZDBCCircuit", "circuit"),
        ("ZVWK", "health-care costs"), ("INHP100", "income percentile"), ("INHBEST", "income"),
        ("K10_", "distress questions"), ("EENZ_", "loneliness questions"),
        ("ERVGEZ", "self-rated health"), ("TEAM", "team"), ("VOORZIENING", "provision"),
        ("ATC4", "medicine code"), ("TYPHH", "kind of household"), ("PLHH", "place in household"),
    ],
}  # fmt: skip


# end dates, empty while a spell still runs (docs/rules.md#l3): never the least complete field
END_DATES = ("DATUMEINDE", "GBADATUMEINDEADRESHOUDING", "DATUMEINDEHH", "GGZDBCEinddatum")


def column_words(column: str, lang: str) -> str:
    """A required column in plain words (`GBADATUMEINDEADRESHOUDING` -> 'einddatum adres')."""
    for prefix, words in COLUMN_WORDS[lang]:
        if column == prefix:
            return words
    for prefix, words in COLUMN_WORDS[lang]:
        if column.startswith(prefix):
            return words
    return column


def _read(root: Path, rel: str) -> pd.DataFrame | None:
    path = root / rel
    if not path.exists():
        return None
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def _value(df: pd.DataFrame, i: int, col: str, kind: str, w: dict) -> Part:
    v = df.loc[i, col]
    return w["suppressed"] if pd.isna(v) else Cell(QUALITY, int(i), col, float(v), kind)


def _source_line(q: pd.DataFrame, table: str, lang: str) -> list[Part] | None:
    """One source's line: its latest year (or its one file), rows, least complete column ('alle
    verplichte velden zijn volledig ingevuld' when none misses a value), repaired values, linkage
    rate and the year before; named by `labels.source_part_label`, so two tables of one source
    (the income household and its income) are told apart. A survey file of a GGD region
    (`n_rows_file`, `population.linkage.own_respondents`): the gemeente's own respondents, the
    file's rows beside them, its repairs counted over the whole file."""
    w = TEXT[lang]
    rows = q[q["source"] == table]
    files = rows[rows["measure"] == "n_rows"]
    if not len(files):
        return None
    dated = files[files["year"].notna()]
    f = files.loc[dated["year"].idxmax()] if len(dated) else files.iloc[0]
    year = f["year"]
    same = rows[(rows["year"] == year) if pd.notna(year) else rows["year"].isna()]
    shares = same[(same["measure"] == "share_complete") & ~same["column"].isin(END_DATES)]
    complete = shares[shares["value"].notna()]
    said = shares["suppressed"] if "suppressed" in shares else pd.Series(False, shares.index)
    hidden = shares[shares["value"].isna() & said.astype(str).eq("True")]
    if not len(complete) and not len(hidden):
        return None
    least = complete.sort_values(["value", "column"]).iloc[0] if len(complete) else None
    name = source_part_label(lang, table)
    in_file = same.index[same["measure"] == "n_rows_file"]
    region = {"n_file": _value(q, in_file[0], "value", "count", w)} if len(in_file) else {}
    parts = fill(
        w["line_region" if region else "line"],
        source=name[:1].upper() + name[1:],
        year=f" ({int(year)})" if pd.notna(year) else "",
        n=_value(q, f.name, "value", "count", w),
        **region,
    )
    if least is not None and float(least["value"]) < 1:
        parts += fill(
            w["least"],
            column=column_words(least["column"], lang),
            complete=Cell(QUALITY, int(least.name), "value", float(least["value"]), "pct"),
        )
    elif len(hidden):
        # every share shown is 100%, one is suppressed: it misses 1 to threshold-1 values
        first = hidden.sort_values("column").iloc[0]
        parts.append(w["least_hidden"].format(column=column_words(first["column"], lang)))
    else:
        parts.append(w["all_complete"])
    repaired = same[(same["measure"] == "n_repaired") & (same["value"].fillna(0) > 0)]
    for i in repaired.index:
        parts += fill(
            w["repaired_file" if region else "repaired"],
            n=Cell(QUALITY, int(i), "value", float(q.loc[i, "value"]), "count"),
        )
    linked = same[same["measure"] == "share_linked"]
    for i in linked.index:
        if pd.isna(q.loc[i, "value"]):
            parts.append(w["linked_hidden"])
            continue
        parts += fill(w["linked"], share=_value(q, i, "value", "pct", w))
        if pd.notna(q.loc[i, "value_previous_year"]):
            parts += fill(w["previous"], prev=_value(q, i, "value_previous_year", "pct", w))
    return [*parts, "."]


def _unkeyed_line(p: pd.DataFrame, table: str, lang: str) -> list[Part] | None:
    """The probabilistic linkage of a registration that arrived without RINPERSOON (its row
    over all source years), with precision and recall where measured."""
    w = TEXT[lang]
    rows = p[(p["source"] == table) & p["year"].isna()]
    if not len(rows):
        return None
    i = int(rows.index[0])
    r = rows.iloc[0]
    name = source_part_label(lang, table)

    def cell(col):
        v = r[col]
        return w["suppressed"] if pd.isna(v) else Cell(PROBABILISTIC, i, col, float(v), "pct")

    parts = fill(w["unkeyed"], source=name[:1].upper() + name[1:], share=cell("share_linked"))
    if pd.notna(r["precision"]) and pd.notna(r["recall"]):
        parts += fill(w["evaluated"], precision=cell("precision"), recall=cell("recall"))
    return parts


def quality_section(root: Path, tables: list[str], lang: str) -> list:
    """Blocks of the section: a heading (level 3), what the figures mean, a line per source in
    `tables` (input table names, in order) and, for a source that was linked without
    RINPERSOON, how that went. Empty when the export holds no source-quality table."""
    q = _read(root, QUALITY)
    if q is None:
        return []
    p = _read(root, PROBABILISTIC)
    w = TEXT[lang]
    items = [line for t in tables if (line := _source_line(q, t, lang))]
    if p is not None:
        items += [line for t in tables if (line := _unkeyed_line(p, t, lang))]
    if not items:
        return []
    return [Heading(3, [w["heading"]]), Para([w["intro"]]), Items(items)]
