"""The standalone infographic (`<theme>/infographic.pdf`) is a tagged PDF, as the reports are:
a structure tree (StructTreeRoot) and MarkInfo Marked true, its title and language set, the
page one figure whose alternative text says what the page says; its text stays text, it is
A4, and the same content gives the same bytes. It was matplotlib's untagged PDF."""

import re
import subprocess
from dataclasses import replace

import pytest
from test_report_pdf import export, needs_poppler, pdf_text
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import infographic


@pytest.fixture(scope="module")
def definitions():
    return parse_definitions(config())


def pdfinfo(path, *args: str) -> str:
    return subprocess.run(["pdfinfo", *args, str(path)], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def alt_texts(path) -> list[str]:
    """The /Alt entries of the PDF's structure elements (Typst writes them as UTF-16 hex
    strings in plain objects)."""
    data = path.read_bytes()
    return [bytes.fromhex(h.decode()).decode("utf-16") for h in re.findall(rb"/Alt\s*<([0-9A-Fa-f]+)>", data)]  # fmt: skip


@needs_poppler
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_infographic_pdf_is_tagged_with_what_the_page_says(tmp_path, definitions, lang):
    root = export(tmp_path, definitions)
    pdf, png = tmp_path / "a" / "infographic.pdf", tmp_path / "a" / "infographic.png"
    c = infographic.write_from_export(
        "kopp", root, definitions, pdf, png, lang=lang, gemeente="GM0344"
    )
    info = pdfinfo(pdf)
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info  # MarkInfo Marked true
    assert b"/StructTreeRoot" in pdf.read_bytes()
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert "CreationDate" not in info
    title = infographic.TEXT[lang]["pdf_title"].format(title=c.title, gem=c.gem, year=c.year)
    assert re.search(rf"^Title:\s+{re.escape(title)}$", info, re.M), info
    assert b"/Lang(" + lang.encode() + b")" in pdf.read_bytes()
    # the structure: the page is one figure; its alternative text says the report's alt text of
    # the image, then the key messages drawn and the Bron line
    assert pdfinfo(pdf, "-struct").split() == ["Document", "Figure:", "/Placement", "/Block"]
    (alt,) = alt_texts(pdf)
    t = infographic.TEXT[lang]
    assert alt.startswith(infographic.alt_text(c) + f" {t['messages']}: "), alt
    assert c.messages and all(m in alt for m in c.messages[:1])
    assert alt.endswith(f"{c.source} {t['source_note']}"), alt
    # the page's text is still text, as drawn
    text = " ".join(pdf_text(pdf).split())
    assert t["guide"] in text and c.big in text and c.source.split()[0] in text
    # the same content, the same bytes
    infographic.write(c, tmp_path / "b.pdf", tmp_path / "b.png")
    assert (tmp_path / "b.pdf").read_bytes() == pdf.read_bytes()
    assert not list(tmp_path.glob("a/*.tmp*"))


@needs_poppler
def test_the_alt_text_reads_the_persona_cards_drawn(tmp_path, definitions):
    root = export(tmp_path, definitions)
    c = infographic.content("kopp", root, definitions, lang="nl", gemeente="GM0344")
    cards = [("Persona 1: kind van 4-11 jaar", ["Huishouden: stel met kinderen", "Staat voor 10 kinderen."]),
             ("Persona 2: kind van 12-17 jaar", ["Herkomst: Nederland"])]  # fmt: skip
    infographic.write(replace(c, personas=cards), tmp_path / "i.pdf", tmp_path / "i.png")
    (alt,) = alt_texts(tmp_path / "i.pdf")
    said = ("Persona's: samengestelde voorbeelden, geen echte personen. "
            "Persona 1: kind van 4-11 jaar. Huishouden: stel met kinderen. Staat voor 10 kinderen. "
            "Persona 2: kind van 12-17 jaar. Herkomst: Nederland. Bron:")  # fmt: skip
    assert said in alt, alt
