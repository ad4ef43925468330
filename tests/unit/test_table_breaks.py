"""A short table (at most LONG_TABLE rows) that does not fit in the room left on its page: taller
than a third of a page, it starts where it is and breaks over the pages, its header repeated and
its source line with its last rows; a change table of 10 rows moved whole to the next page and
left two thirds of a report page empty (U11 finding 14). A table of at most a third of a page
still moves whole, with the heading and the paragraph kept with it."""

from test_report_pdf import needs_poppler, pages, pdf_text

from wijkzicht.outputs import document as doc

LONG_ROW = (
    "met een naam die over twee regels loopt in deze smalle kolom hier en nog wat meer woorden"
)


def _pdf(tmp_path, paragraphs: int, rows: int, long: bool = True):
    blocks = [doc.Heading(1, ["Tabellen"]), *(doc.Para([f"tekst {i} " * 12]) for i in range(paragraphs)),
              doc.Heading(2, ["Wat is veranderd"]), doc.Para(["Uitleg bij de tabel."], style="keep"),
              doc.Table(["Wat", "Cijfer"], [[[f"rij {i} {LONG_ROW if long else ''}"], [str(i)]] for i in range(rows)],
                        "Bron: x.")]  # fmt: skip
    path = tmp_path / f"t{paragraphs}_{rows}.pdf"
    doc.to_pdf(doc.Document("t", "nl", tuple(blocks)), tmp_path, path)
    return path


def _rows_on(path, page: int, rows: int) -> list[int]:
    text = pdf_text(path, page)
    return [i for i in range(rows) if f"rij {i} " in text]


@needs_poppler
def test_a_table_taller_than_a_third_of_a_page_starts_where_it_is(tmp_path):
    # 20 rows of two lines each (about 22 cm) after 10 paragraphs (about 18 cm left)
    path = _pdf(tmp_path, 10, 20)
    assert pages(path) == 2
    first, second = _rows_on(path, 1, 20), _rows_on(path, 2, 20)
    assert first and first == list(range(len(first))) and second == list(range(len(first), 20))
    assert "Wat is veranderd" in pdf_text(path, 1) and "Uitleg bij de tabel." in pdf_text(path, 1)
    # the header repeated, the source line once, on the page of the last rows
    assert pdf_text(path, 2).split()[:2] == ["Wat", "Cijfer"]
    assert "Bron: x." not in pdf_text(path, 1) and pdf_text(path, 2).count("Bron: x.") == 1


@needs_poppler
def test_a_small_table_moves_whole_with_its_heading(tmp_path):
    # 6 one-line rows near the bottom of the first page: moved whole, with its heading and text
    moved = 0
    for paragraphs in range(20, 28):
        path = _pdf(tmp_path, paragraphs, 6, long=False)
        first = pdf_text(path, 1)
        on_first = _rows_on(path, 1, 6)
        assert on_first in ([], list(range(6))), (paragraphs, on_first)
        if not on_first:
            moved += 1
            assert "Wat is veranderd" not in first and "Uitleg bij de tabel." not in first
            assert _rows_on(path, 2, 6) == list(range(6)) and "Bron: x." in pdf_text(path, 2)
    assert moved
