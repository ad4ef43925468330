"""The release bundle: one reproducible zip with the releasable files, a release manifest and a
plain summary for the CBS output check request."""

from __future__ import annotations

import csv
import json
import os
import zipfile
from pathlib import Path

import pandas as pd

from wijkzicht.disclosure.export import write_csv
from wijkzicht.release.changes import ROW_KEY as CHANGES_ROW_KEY
from wijkzicht.release.manifest import sha256
from wijkzicht.themes.table import KEY

FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # zip entries carry no build time

DESCRIPTIONS = {
    "measures.csv": ("maatentabel van het thema (telling, noemer, aandeel of schatter met interval)",
                     "gemeente en wijk, per groep"),
    "wijkprofiel.csv": ("gepubliceerde indicatoren per wijk met z-score", "wijk"),
    "vergelijkbare_wijken.csv": ("meest gelijkende wijken op gepubliceerde indicatoren", "wijk"),
    "linkage.csv": ("koppelkwaliteit per bron en jaar (aandelen)", "bron"),
    "bronkwaliteit.csv": ("bronkwaliteit per bron en jaar: rijen, volledigheid, herstelde waarden, "
                          "koppelingsgraad, verschil met vorig jaar", "bron en jaar"),
    "probabilistisch.csv": ("probabilistische koppeling zonder RINPERSOON: gekoppeld aandeel; "
                            "precisie en recall alleen op de synthetische wereld", "bron en jaar"),
    "matchgewichten.csv": ("verdeling van de matchgewichten (klassen met minstens de drempel "
                           "aan rijen; klasse 'geen paar gescoord', zonder grenzen: rijen zonder "
                           "enig gescoord paar, bij te weinig samen met de laagste klasse)", "bron"),
    "changes.csv": ("verschillen met de vorige uitgave: elk cijfer dat nieuw, vervallen, "
                    "veranderd, nu onderdrukt of nu gepubliceerd is, met waarde en interval van "
                    "beide uitgaven (geen aantallen), bij een trend de woorden van beide uitgaven "
                    "(trend_old, trend_new), wat een lezer ervan ziet veranderen (zichtbaar: "
                    "waarde, interval of niets) en waarom (reden)", "zoals de maatentabellen"),
    "manifest.json": ("hashes van invoer en uitvoer, configuratie, versies", "geen cijfers over personen"),
    "verschillen.csv": ("toetsen: gebieden en groepen die verschillen van de rest van de gemeente "
                        "of van de gemeente als geheel (kolom test), en trends (stijgt, daalt, "
                        "licht, ongeveer gelijk)", "zoals de maatentabel"),
    "personas.csv": ("persona's: de meest voorkomende combinaties van kenmerken in de doelgroep "
                     "(kolom target: de definitie of maat van de doelgroep), met aantallen "
                     "personen (kolom rounding_base: afgerond op dit veelvoud, 0: niet "
                     "afgerond)", "gemeente en wijk"),
    "wijkzicht.xlsx": ("werkboek met de vrijgegeven tabellen", "zoals de tabellen"),
    # a GGD region run: each gemeente's release holds the region overview (its dashboard links it)
    "overzicht.csv": ("overzicht van de regio: per gemeente van de regio het belangrijkste cijfer "
                      "van elk thema en het cijfer uit de Gezondheidsmonitor (K10), elk jaar, met "
                      "hun trendrij, de rijen ongewijzigd uit de vrijgegeven maatentabellen van "
                      "die gemeenten", "gemeente"),
    "overzicht.html": ("overzicht van de regio (pagina), gemaakt uit overzicht.csv; de rij 'Regio "
                       "samen' telt de gepubliceerde aantallen van de gemeenten op, alleen waar "
                       "geen gemeente haar cijfer onderdrukt", "zoals de tabel"),
    **dict.fromkeys(("rapport.html", "rapport.pdf"),
                    ("rapport van het thema, gemaakt uit de vrijgegeven tabellen", "zoals de tabellen")),
    **dict.fromkeys(("infographic.pdf", "infographic.png"),
                    ("infographic van het thema (A4), gemaakt uit de vrijgegeven tabellen",
                     "zoals de tabellen")),
}  # fmt: skip
# released files whose name alone does not say what they are: by their path in the export
PATHS = {
    "dashboard.html": ("dashboard (een HTML-pagina, offline te openen), gemaakt uit de vrijgegeven "
                       "tabellen; bevat de rijen van de maatentabellen en de cijfers van organisaties "
                       "en het CBS zoals die tabellen", "zoals de tabellen"),
    "kerncijfers/kerncijfers.csv": ("openbare cijfers van het CBS (Kerncijfers wijken en buurten), "
                                    "ongewijzigd overgenomen: geen microdata", "gemeente en wijk"),
    "kerncijfers/inwoners.csv": ("inwoners per gebied en jaar volgens de basisregistratie personen "
                                 "(microdata) naast die van de Kerncijfers van het CBS",
                                 "gemeente en wijk"),
    "organisaties/cijfers.csv": ("cijfers die organisaties zelf aanleveren (geen CBS-microdata), "
                                 "per gebied en jaar, met de noemer uit de basisregistratie "
                                 "personen waar die inwoners telt; onderdrukt als de maatentabel",
                                 "gemeente en wijk"),
    "organisaties/indicatoren.csv": ("wat de cijfers van organisaties betekenen: naam, "
                                     "leverancier, definitie en eenheid per indicator",
                                     "geen cijfers over personen"),
}  # fmt: skip
# released files in a folder of pages, by the folder
FOLDERS = {
    "factsheets": ("factsheet van een wijk (een HTML-pagina), gemaakt uit de vrijgegeven tabellen",
                   "zoals de tabellen"),
}  # fmt: skip
# the area levels of the measures, in the order a reader expects them
AREA_LEVELS = ("gemeente", "wijk", "buurt")


def describe(rel: str, levels: str | None = None, drawn: bool = False) -> tuple[str, str]:
    """(what, level) of a released file for OUTPUTCONTROLE.md. `levels`: the area levels the
    file holds (`area_levels`), which replace the level a name alone suggests; `drawn`: a CSV
    with the rows of a figure or map of the same name."""
    name = Path(rel).name
    folder = Path(rel).parent.name
    if Path(rel).as_posix() in PATHS:
        what, level = PATHS[Path(rel).as_posix()]
    elif folder in FOLDERS:
        what, level = FOLDERS[folder]
    elif name in DESCRIPTIONS:
        what, level = DESCRIPTIONS[name]
    elif name.endswith((".png", ".svg", ".pdf")):
        what, level = "figuur gemaakt uit de vrijgegeven maatentabel", "zoals de tabel"
    elif drawn:
        what, level = "de rijen van de figuur of kaart met dezelfde naam", "zoals de figuur"
    else:
        what, level = "vrijgegeven bestand", "-"
    return what, levels or level


def area_levels(path: str | Path) -> str | None:
    """The area levels in a released CSV's column `area_level`, in words ('gemeente, wijk en
    buurt, per groep': 'per groep' when it has a column `group`); None for a file without
    that column or without rows."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames or []
        if "area_level" not in columns:
            return None
        found = {row["area_level"] for row in reader} - {""}
    if not found:
        return None
    order = [lv for lv in AREA_LEVELS if lv in found] + sorted(found - set(AREA_LEVELS))
    words = order[0] if len(order) == 1 else ", ".join(order[:-1]) + " en " + order[-1]
    return words + (", per groep" if "group" in columns else "")


# survey.lonely_psu in words (config/README.md, wijkzicht.statistics.survey)
LONELY_PSU_NL = {
    "adjust": "bijdrage aan de variantie gecentreerd op het gemiddelde van de hele steekproef "
    "in plaats van het stratumgemiddelde (conservatief)",
    "remove": "geen bijdrage aan de variantie",
    "certainty": "behandeld als zekerheidseenheid: geen bijdrage aan de variantie",
    "fail": "de berekening stopt bij een schatting die zo'n stratum raakt",
}


def survey_release(surveys: list[dict]) -> dict[str, dict]:
    """Per survey wave: its number of strata, the strata with a single respondent and the
    survey.lonely_psu option used (from the migratie jobs' design JSON)."""
    return {
        str(s["year"]): {k: s[k] for k in ("strata", "lonely_strata", "lonely_psu")}
        for s in sorted(surveys, key=lambda s: s["year"])
        if s.get("survey_wave")
    }


def _survey_lines(surveys: dict[str, dict]) -> list[str]:
    if not surveys:
        return []
    lines = [
        "## Surveyontwerp: strata met één respondent",
        "",
        "Een stratum van een surveygolf waarin één persoon heeft geantwoord (een 'lonely PSU') "
        "heeft geen eigen variantieschatting. Zo'n stratum is behandeld volgens "
        "`survey.lonely_psu`, met dezelfde betekenis als `options(survey.lonely.psu = ...)` "
        "in R's survey-pakket. Het is een ontwerpgegeven van de steekproef, geen telling van "
        "personen met een kenmerk; schattingen voor domeinen met minder respondenten dan de "
        "drempel zijn primair onderdrukt.",
        "",
        "| golf | strata | strata met één respondent | behandeling (survey.lonely_psu) |",
        "|---|---|---|---|",
    ]
    for wave, s in surveys.items():
        lonely = ", ".join(s["lonely_strata"]) or "geen"
        how = s["lonely_psu"] + (
            f": {LONELY_PSU_NL[s['lonely_psu']]}" if s["lonely_strata"] else ""
        )
        lines.append(f"| {wave} | {s['strata']} | {lonely} | {how} |")
    return [*lines, ""]


# the internal file (results/internal/release/) listing the rows left to the output check
UNCOVERED_FILE = "primary_now.csv"
# the row key of the measures tables (`themes.table.KEY` but area_name) and the columns of the
# list of rows left to the output check (`uncovered_rows`), an internal file
ROW_KEY = tuple(CHANGES_ROW_KEY)
# with the row's counts now (internal), so the output check can set them beside the figure the
# previous release published without opening the internal tables
UNCOVERED_COLUMNS = (*KEY, "status_internal", "n_numerator_now", "n_denominator_now")
NOW_COUNTS = ("n_numerator", "n_denominator")


def _key(rows) -> list[tuple[str, ...]]:
    return [tuple("" if pd.isna(r[k]) else str(r[k]) for k in ROW_KEY) for r in rows]


def uncovered_rows(export_root: Path, statuses: pd.DataFrame | None = None) -> list[dict]:
    """The rows of changes.csv (in the release) that the previous release published and this
    one suppresses as primary: after a new delivery, the one case disclosure control does not
    cover (a published 0 of 14 that is now 1 of 14), each a dict of `UNCOVERED_COLUMNS`;
    [] without changes.csv. The release says `suppressed` alone (`primary.published_status`),
    so which rows are primary comes from `statuses`: the internal status tables
    (results/internal/disclosure/<table>_status.parquet, `ROW_KEY` and status). A newly
    suppressed row without an internal status (a table without one, or no `statuses`) is
    listed too, status_internal empty: it cannot be shown to be secondary. A previous release
    whose changes.csv still says suppressed_primary is read as it says. With `n_numerator` and
    `n_denominator` in `statuses`, each row carries its counts now (`n_numerator_now`,
    `n_denominator_now`; empty otherwise): the output check sets them beside the figure the
    previous release published (its measures table, named in OUTPUTCONTROLE.md) without a
    lookup in the internal tables (A2: the list had the keys alone)."""
    path = export_root / "changes.csv"
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("change") == "newly_suppressed"]
    known: dict[tuple[str, ...], str] = {}
    counts: dict[tuple[str, ...], tuple[str, str]] = {}
    if statuses is not None and len(statuses):
        hidden = statuses[statuses["status"] != "ok"]
        keys = _key(hidden.to_dict("records"))
        known = dict(zip(keys, hidden["status"], strict=True))
        if all(c in hidden for c in NOW_COUNTS):  # the counts now, where the statuses have them
            now = [tuple(_count(v) for v in pair)
                   for pair in hidden[list(NOW_COUNTS)].itertuples(index=False)]  # fmt: skip
            counts = dict(zip(keys, now, strict=True))
    out = []
    for r, key in zip(rows, _key(rows), strict=True):
        status = known.get(key, r.get("status_new", "") if r.get("status_new") != "suppressed"
                           else "")  # fmt: skip
        if status in ("suppressed_primary", ""):
            num, den = counts.get(key, ("", ""))
            out.append({**{k: r.get(k, "") for k in KEY}, "status_internal": status,
                        "n_numerator_now": num, "n_denominator_now": den})  # fmt: skip
    return out


def _count(value) -> str:
    """A count as the list writes it: a whole number, '' when there is none."""
    return "" if pd.isna(value) else str(int(value))


def write_uncovered(rows: list[dict], path: str | Path) -> None:
    """The rows left to the output check (`uncovered_rows`) as a CSV, an internal file for the
    output checker: in the release they would say which rows are primary."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(pd.DataFrame(rows, columns=list(UNCOVERED_COLUMNS)), path)


def _previous_lines(previous: str | None, changed: list[str] = (), uncovered: int = 0) -> list[str]:
    """OUTPUTCONTROLE.md's line on output released before from the same data; `changed`: the
    input tables the previous release read in another edition (`changed_inputs`): then it was
    made from other data, and rows whose counts changed were not checked together with it;
    `uncovered`: the number of those rows (`uncovered_rows`), counted for the output check;
    which rows they are is in an internal file (the release would tell which are primary)."""
    if previous and changed:
        return [
            "- Eerder vrijgegeven output: de vorige uitgave (manifest.json met sha256 "
            f"{previous}), gemaakt van een eerdere levering van de gegevens: andere bestanden "
            f"voor {', '.join(changed)}. Elke rij die zij publiceerde met dezelfde aantallen "
            "blijft gepubliceerd en is nooit extra onderdrukt. Een rij die zij publiceerde en "
            "waarvan een aantal (teller, noemer of hun verschil) nu 1 tot drempel - 1 personen "
            "anders is, is in deze uitgave onderdrukt (het verschil zou een kleine groep laten "
            "zien). Niet afgedekt: een rij die zij publiceerde en die nu primair onderdrukt is "
            "(een gepubliceerde 0 van 14 die nu 1 van 14 is): naast het oude cijfer ligt het "
            "nieuwe dicht bij dat cijfer. Die rijen moeten apart beoordeeld worden: in deze uitgave "
            f"{uncovered}. Welke rijen dat zijn staat niet in de uitgave (changes.csv en de "
            "tabellen zeggen van een onderdrukte rij niet of zij primair of secundair "
            "onderdrukt is: dat zou verraden dat een aantal tussen 1 en drempel - 1 ligt), "
            f"maar in het interne bestand {UNCOVERED_FILE} voor de outputcontrole.",
        ]
    if previous:
        return [
            "- Eerder vrijgegeven output van dezelfde gegevens: de vorige uitgave (manifest.json "
            f"met sha256 {previous}). Elke rij die zij publiceerde met dezelfde aantallen blijft "
            "gepubliceerd en is nooit extra onderdrukt, met dezelfde drempel en regels, zodat de "
            "twee uitgaven samen geen onderdrukte telling terug laten rekenen."
        ]
    return [
        "- Eerder vrijgegeven output van dezelfde gegevens: geen opgegeven (previous_release.export "
        "is leeg). Een volgende uitgave van dezelfde gegevens moet deze uitgave opgeven: twee "
        "uitgaven met verschillende onderdrukkingspatronen kunnen samen kleine aantallen terug "
        "laten rekenen."
    ]


# manifest `inputs` that are no input table: the codelists and reference files (the start-up
# checks compare those) and the files read from the release before (`previous_release/...`:
# each release names its own previous one, so they differ between two releases of one data)
NOT_TABLES = ("codelist/", "reference/", "previous_release/")


def changed_inputs(previous_manifest: Path, manifest: Path) -> list[str]:
    """The input tables (manifest `inputs` but NOT_TABLES) that both manifests list with
    another sha256: a new edition of the data (a new CBS delivery corrects past years).
    Sorted; [] when either manifest has no `inputs` or cannot be read."""
    try:
        before = json.loads(Path(previous_manifest).read_text(encoding="utf-8"))["inputs"]
        now = json.loads(Path(manifest).read_text(encoding="utf-8"))["inputs"]
        return sorted(
            name for name in set(before) & set(now)
            if not name.startswith(NOT_TABLES)
            and before[name]["sha256"] != now[name]["sha256"]
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return []


def summary_text(
    files: list[str],
    disclosure: dict,
    suppression: dict[str, dict],
    surveys: dict | None = None,
    levels: dict[str, str] | None = None,
    previous: str | None = None,
    changed: list[str] = (),
    uncovered: int = 0,
) -> str:
    """The plain summary (Dutch, the language of the CBS output check) as Markdown. `levels`:
    per released CSV the area levels it holds (`area_levels`); `previous`: the sha256 of the
    manifest of the release this one takes into account (config previous_release.export), None
    when it names none: the checker asks about output released before from the same data;
    `changed`, `uncovered`: as `_previous_lines`."""
    lines = [
        "# Aanvraag outputcontrole: wijkzicht",
        "",
        "Alle bestanden zijn tabellen of figuren op geaggregeerd niveau (gemeente, wijk, groep).",
        "Er staan geen persoons-, huishoud- of adressleutels in; dat is gecontroleerd door de",
        "exportpoort (bestandstypen, kolomnamen, waarden van 9 cijfers, onderdrukkingsregels).",
        "",
        "## Toegepaste regels",
        "",
        f"- Primaire onderdrukking: een rij wordt onderdrukt als het ongewogen aantal in de teller, "
        f"de noemer of hun verschil tussen 1 en {disclosure['threshold'] - 1} ligt "
        f"(drempel {disclosure['threshold']}); een teller 0 "
        f"{'mag' if disclosure['publish_zeros'] else 'mag niet'} gepubliceerd worden.",
        "- Secundaire onderdrukking: waar gepubliceerde rijen optellen (wijken tot gemeente, groepen "
        "tot totaal) zijn extra rijen onderdrukt tot geen onderdrukte telling terug te rekenen is; "
        "gecontroleerd met de lineaire-programmeringsaudit (tau-Argus-audit, HiGHS) van elke telling "
        "van elke onderdrukte rij: het interval van elke gevoelige telling is minstens "
        f"{disclosure['threshold']} breed, en geen onderdrukte rij is exact terug te rekenen.",
        "- Een trend- of verhoudingsrij die van een onderdrukte rij afhangt is ook onderdrukt.",
        f"- Afronding van aantallen: {'basis ' + str(disclosure['rounding_base']) if disclosure['rounding_base'] else 'niet toegepast'}.",
        "- Surveyschattingen (Gezondheidsmonitor) zijn gewogen; de regels gelden voor de ongewogen "
        "aantallen respondenten.",
        *_previous_lines(previous, changed, uncovered),
        "",
        "## Onderdrukking per tabel",
        "",
        "| tabel | rijen | gepubliceerd | primair onderdrukt | secundair onderdrukt |",
        "|---|---|---|---|---|",
    ]
    for table, s in sorted(suppression.items()):
        lines.append(
            f"| {table} | {s['rows']} | {s['published']} | {s['suppressed_primary']} | {s['suppressed_secondary']} |"
        )
    lines += ["", *_survey_lines(surveys or {})]
    lines += ["## Bestanden", "", "| bestand | inhoud | niveau |", "|---|---|---|"]
    figures = {str(Path(rel).with_suffix("")) for rel in files if rel.endswith(".png")}
    for rel in files:
        drawn = rel.endswith(".csv") and str(Path(rel).with_suffix("")) in figures
        what, level = describe(rel, (levels or {}).get(rel), drawn)
        lines.append(f"| {rel} | {what} | {level} |")
    return "\n".join(lines) + "\n"


def build(export_root: str | Path, files: list[str], disclosure: dict, suppression: dict[str, dict],
          out: str | Path, surveys: list[dict] = (),
          previous_manifest: str | Path | None = None, statuses: pd.DataFrame | None = None,
          uncovered_out: str | Path | None = None) -> None:  # fmt: skip
    """Write the bundle zip: the files (relative to export_root), release.json and OUTPUTCONTROLE.md.

    `statuses`: the internal status of the rows of the measures tables (`uncovered_rows`): which
    suppressed rows are primary, which the release does not say. `uncovered_out`: the internal
    file (`UNCOVERED_FILE`) that lists the rows left to the output check (`write_uncovered`,
    written with a header alone when there are none); release.json and OUTPUTCONTROLE.md
    only count them (`primary_now`).

    `previous_manifest`: the manifest.json of the previous release this one took into account
    (config previous_release.export); release.json and OUTPUTCONTROLE.md name it by its sha256.

    `surveys`: the survey design JSON of each survey wave (`survey_release`); release.json
    and OUTPUTCONTROLE.md list per wave the strata with a single respondent and the option.

    Entries are sorted, with a fixed time stamp and permissions, so the same release gives
    the same bytes."""
    root = Path(export_root)
    rels = sorted(Path(f).relative_to(root).as_posix() for f in files)
    release = {
        "files": {rel: sha256(root / rel) for rel in rels},
        "disclosure": {
            "threshold": disclosure["threshold"],
            "publish_zeros": disclosure["publish_zeros"],
            "rounding_base": disclosure["rounding_base"],
            "primary_rule": "n_numerator, n_denominator or n_denominator - n_numerator in 1..threshold-1",
            "secondary": "additive relations protected; LP audit (HiGHS) of every count of every suppressed row: each sensitive count at least threshold wide, no suppressed row exactly recoverable",
        },
        "suppression": suppression,
    }
    previous = sha256(Path(previous_manifest)) if previous_manifest else None
    changed = changed_inputs(Path(previous_manifest), root / "manifest.json") if previous else []
    uncovered = uncovered_rows(root, statuses) if changed and "changes.csv" in rels else []
    if uncovered_out is not None:
        write_uncovered(uncovered, uncovered_out)
    if previous:
        release["previous_release"] = {"manifest_sha256": previous}
        if changed:  # made from another edition of these tables
            release["previous_release"]["inputs_changed"] = changed
        if uncovered:
            release["previous_release"]["primary_now"] = len(uncovered)
    waves = survey_release(list(surveys))
    if waves:
        release["survey"] = waves
    entries = {rel: (root / rel).read_bytes() for rel in rels}
    entries["release.json"] = (json.dumps(release, indent=2, sort_keys=True) + "\n").encode()
    levels = {rel: area_levels(root / rel) for rel in rels if rel.endswith(".csv")}
    levels = {rel: words for rel, words in levels.items() if words}
    entries["OUTPUTCONTROLE.md"] = summary_text(
        rels, disclosure, suppression, waves, levels, previous, changed, len(uncovered)
    ).encode()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, entries[name])
    os.replace(tmp, out)
