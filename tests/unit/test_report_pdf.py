"""The report's PDF carries the report's text (the same words and numbers as its HTML page),
then its figures, and is reproducible."""

import re

import matplotlib.pyplot as plt

from wijkzicht.outputs import report

PAGE = (
    """<!DOCTYPE html><html><head><title>T</title><style>h1{color:red}</style></head><body>
<h1>Kinderen &amp; ouders</h1><p class="note">Alle cijfers.</p><h2>Kerncijfers 2023</h2>
<ul><li>brede definitie: <span class="num">25,7%</span> (95%-interval <span class="num">25,4%</span>)</li></ul>
<table><tr><th>measure</th><th>changed</th></tr><tr><td>kopp.aandeel</td><td>3</td></tr></table>
"""
    + "".join(f"<p>regel {i} met wat tekst om de pagina te vullen</p>" for i in range(120))
    + "</body></html>"
)


def test_text_blocks_follow_the_page():
    blocks = report.text_blocks(PAGE)
    assert blocks[:5] == [
        ("h1", "Kinderen & ouders"),
        ("p", "Alle cijfers."),
        ("h2", "Kerncijfers 2023"),
        ("li", "brede definitie: 25,7% (95%-interval 25,4%)"),
        ("tr", "measure | changed"),
    ]
    assert blocks[5] == ("tr", "kopp.aandeel | 3")
    assert len(blocks) == 6 + 120  # style and title are not text of the report


def _pages(path) -> int:
    return len(re.findall(rb"/Type /Page\b", path.read_bytes()))


def test_pdf_has_text_pages_then_figures_and_the_same_bytes(tmp_path):
    fig = plt.figure(figsize=(2, 2))
    fig.savefig(tmp_path / "f.png")
    plt.close(fig)
    report.pdf(PAGE, [tmp_path / "f.png"], tmp_path / "a.pdf")
    report.pdf(PAGE, [tmp_path / "f.png"], tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    short = PAGE.split("<p>regel 0")[0] + "</body></html>"
    report.pdf(short, [tmp_path / "f.png"], tmp_path / "c.pdf")
    assert _pages(tmp_path / "c.pdf") == 1 + 1  # one page of text, one figure
    assert _pages(tmp_path / "a.pdf") >= 3 + 1  # 126 blocks do not fit on one or two pages
    assert not list(tmp_path.glob("*.tmp.pdf"))
