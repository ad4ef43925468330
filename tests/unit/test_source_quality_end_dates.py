"""The source-quality line names the least complete required field; an empty end date is a
spell still running (docs/rules.md#l3), not a missing value, so it is never that field (N2: a
professional read 'minst volledig: einddatum (85,9% ingevuld)' as a fault of the source)."""

import pandas as pd

from wijkzicht.outputs.document import plain
from wijkzicht.outputs.source_quality import QUALITY, quality_section

COLUMNS = ["source", "year", "measure", "column", "method", "value", "value_previous_year",
           "change", "suppressed"]  # fmt: skip


def _section(tmp_path, shares: dict[str, float], lang: str = "nl") -> list[str]:
    rows = [["GEMWMOVOORZIENINGEN", None, "n_rows", None, None, 20076, None, None, False]]
    rows += [["GEMWMOVOORZIENINGEN", None, "share_complete", c, None, v, None, None, False]
             for c, v in shares.items()]  # fmt: skip
    (tmp_path / QUALITY).parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=COLUMNS).to_csv(tmp_path / QUALITY, index=False)
    blocks = quality_section(tmp_path, ["GEMWMOVOORZIENINGEN"], lang)
    return [plain(blocks[1].text, lang), *(plain(p, lang) for p in blocks[2].items)]


def test_an_open_end_date_is_not_the_least_complete_field(tmp_path):
    intro, line = _section(tmp_path, {"VOORZIENING": 1.0, "DATUMBEGIN": 0.998,
                                      "DATUMEINDE": 0.859})  # fmt: skip
    assert "einddatum" not in line
    assert "minst volledig: begindatum (99,8% ingevuld)" in line
    assert "Een lege einddatum telt niet als onvolledig" in intro


def test_only_end_dates_empty_is_complete(tmp_path):
    _, line = _section(tmp_path, {"VOORZIENING": 1.0, "DATUMEINDE": 0.859})
    assert "alle verplichte velden zijn volledig ingevuld" in line
    _, line = _section(tmp_path, {"VOORZIENING": 1.0, "DATUMEINDE": 0.859}, "en")
    assert "every required field is filled in completely" in line
