"""TMX inline codes in the memory: <bpt>/<ept>/<ph>/<it> hold native codes, not text.

The memory keeps a TMX segment's text as pressflow's own catalogs hold it (codes dropped,
<hi>/<sub> text outside a code kept), so the plain sentence matches exactly and its draft
carries no tags.
"""
from __future__ import annotations

from pathlib import Path

from workflow.catalogs import edit_catalog, new_catalog, save_catalog
from workflow.review.units import approve_entry, get_stamp
from workflow.translation.memory import TranslationMemory, export_tmx, import_tmx
from workflow.translation.tmx import read_tmx
from workflow.translation.translate import translate
from workflow.workspace import Workspace

TMX = Path(__file__).parent / "data" / "memory" / "inline_codes_id_en.tmx"
HARGA = "Harga beras naik 10 persen bulan ini."
RICE = "Rice prices rose 10 percent this month."


def _workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "newsroom"
    root.mkdir()
    (root / "pressflow.toml").write_text('[workspace]\nsource_language = "id"\ntarget_locales = ["en"]\n',
                                         encoding="utf-8")
    return Workspace.load(root)


def test_segment_text_is_the_text_outside_the_codes() -> None:
    units = read_tmx(TMX)
    assert [(u.srclang, u.tgtlang, u.source, u.target) for u in units] == [
        ("id", "en", HARGA, RICE),                                               # <bpt>/<ept> around words
        ("id", "en", "Baca laporan di situs kementerian.", "Read the report on the ministry's site."),  # <ph>: one space
        ("id", "en", "Jakarta Post melaporkan kenaikan harga.",                 # <it>, <sub> inside <ph> dropped,
         "Jakarta Post reported the rise in prices."),                          # <hi> text kept
    ]                                                                           # a segment of codes only: no pair
    assert [u.line for u in units] == [5, 9, 13]


def test_plain_sentence_matches_exactly_and_drafts_without_tags(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    import_tmx(ws, TMX)
    with TranslationMemory.open(ws) as tm:
        [match] = tm.lookup(HARGA, "en")
    assert (match.score, match.kind, match.target, match.source_lang) == (100, "exact", RICE, "id")

    catalog = new_catalog("en", project="harga-beras")
    catalog.add(HARGA, "")
    save_catalog(catalog, ws.po_path("en", "harga-beras"))
    translate(ws, engines=["memory"], targets=[str(ws.po_path("en", "harga-beras"))], progress=False, env={})
    with edit_catalog(ws.po_path("en", "harga-beras")) as edited:
        entry = edited.find(HARGA)
        assert entry.msgstr == RICE and "<" not in entry.msgstr
        stamp = get_stamp(entry, "draft")
        assert stamp["origin"] == "memory" and stamp["score"] == "100"


def test_export_of_own_pairs_keeps_markup_written_as_text(tmp_path: Path) -> None:
    # pressflow's own catalogs may hold "<b>" as text: export escapes it, and reading it back is unchanged.
    ws = _workspace(tmp_path)
    catalog = new_catalog("en", project="harga-beras")
    approve_entry(catalog.add("Harga <b>beras</b> naik.", "Rice <b>prices</b> rose."), "Sari Editor",
                  at="2026-11-30T08:00:00Z")
    save_catalog(catalog, ws.po_path("en", "harga-beras"))
    out = tmp_path / "export.tmx"
    assert export_tmx(ws, out).pairs == 1
    assert "Harga &lt;b&gt;beras&lt;/b&gt; naik." in out.read_text(encoding="utf-8")
    [unit] = read_tmx(out)
    assert (unit.source, unit.target) == ("Harga <b>beras</b> naik.", "Rice <b>prices</b> rose.")
