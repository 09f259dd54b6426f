"""The memory index is built by streaming: batches of pairs, sources inverted in slices, undone on a problem."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from workflow.translation import memory_store
from workflow.translation.memory import TranslationMemory
from workflow.translation.tmx import TmxUnit, write_tmx
from workflow.workspace import Workspace


def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "newsroom"
    (root / "memory").mkdir(parents=True)
    (root / "pressflow.toml").write_text('[workspace]\nsource_language = "en"\ntarget_locales = ["ko"]\n',
                                         encoding="utf-8")
    return Workspace.load(root)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(memory_store, "_ADD_BATCH", 100)
    monkeypatch.setattr(memory_store, "_INVERT_SLICE", 70)


def sentence(n: int) -> str:
    words = "ministry science network partner summit fund research policy data talent".split()
    return f"The {words[n % 10]} {words[n // 10 % 10]} {words[n // 100 % 10]} meeting number {n} opened."


def test_batches_build_the_same_index_as_one_pass(tmp_path, monkeypatch):
    ws = workspace(tmp_path)
    # Repeated sources across batches (the same text with two translations) share one entry.
    units = [TmxUnit("en", "ko", sentence(n % 450), f"회의 {n}") for n in range(600)]
    write_tmx(ws.root / "memory" / "a.tmx", units, srclang="en")
    with TranslationMemory.open(ws) as tm:
        assert tm.stats() == {"files": 1, "units": 600, "sources": 450}
        batched = [[(m.source, m.target) for m in found] for found in tm.lookup_many(
            [sentence(7), sentence(449).replace("opened", "closed"), sentence(12)], "ko", limit=3)]
    monkeypatch.setattr(memory_store, "_ADD_BATCH", 10_000)
    monkeypatch.setattr(memory_store, "_INVERT_SLICE", 10_000)
    with TranslationMemory.open(ws) as tm:
        tm.rebuild()
        whole = [[(m.source, m.target) for m in found] for found in tm.lookup_many(
            [sentence(7), sentence(449).replace("opened", "closed"), sentence(12)], "ko", limit=3)]
    assert batched == whole
    assert {t for s, t in batched[0][:2]} == {"회의 7", "회의 457"} and batched[0][0][0] == sentence(7)
    assert batched[1][0][0] == sentence(449)


def test_a_problem_late_in_a_big_file_undoes_what_it_added(tmp_path):
    ws = workspace(tmp_path)
    good = ws.root / "memory" / "good.tmx"
    write_tmx(good, [TmxUnit("en", "ko", sentence(n), f"회의 {n}") for n in range(50)], srclang="en")
    bad = ws.root / "memory" / "late.tmx"
    write_tmx(bad, [TmxUnit("en", "ko", sentence(n), f"다른 {n}") for n in range(40, 400)], srclang="en")
    text = bad.read_text(encoding="utf-8")
    bad.write_text(text.replace("</body>", '<tu><tuv xml:lang="en"><seg>x</seg></tuv></body>'), encoding="utf-8")
    with TranslationMemory.open(ws) as tm:
        assert tm.stats() == {"files": 2, "units": 50, "sources": 50}      # nothing of late.tmx stayed
        assert len(tm.last_refresh.problems) == 1 and "late.tmx:" in tm.last_refresh.problems[0]
        [match] = tm.lookup(sentence(45), "ko", limit=1)
        assert match.target == "회의 45"
        assert tm.lookup(sentence(300), "ko", limit=1)[0].score < 100      # not an exact match: it was undone
    bad.write_text(text, encoding="utf-8")                               # fixed: read again, added
    with TranslationMemory.open(ws) as tm:
        assert tm.stats() == {"files": 2, "units": 410, "sources": 400} and not tm.last_refresh.problems


def test_histogram_slices_are_merged_without_the_dropped_entries(tmp_path, monkeypatch):
    ws = workspace(tmp_path)
    monkeypatch.setattr(memory_store, "_SHAPE_SLICES", 4)
    queries = [sentence(n).replace("opened", "closed") for n in (3, 141, 777)]
    with TranslationMemory.open(ws) as tm:
        for round_ in range(6):   # each refresh adds slices and drops the entries of the file it replaces
            write_tmx(ws.root / "memory" / "a.tmx", [TmxUnit("en", "ko", sentence(n + round_), f"회의 {n}")
                                                     for n in range(800)], srclang="en")
            write_tmx(ws.root / "memory" / f"b{round_ % 2}.tmx",
                      [TmxUnit("en", "ko", sentence(n), f"회의 {n}") for n in range(900, 1000)], srclang="en")
            tm.refresh()
        slices = tm.db.execute("SELECT eids FROM shapes").fetchall()
        live = {row[0] for row in tm.db.execute("SELECT id FROM entries")}
        stored = [eid for (blob,) in slices for eid in np.frombuffer(blob, dtype="<i4").tolist()]
        assert len(slices) <= 4 and set(stored) >= live and len(stored) < 2 * len(live)
        refreshed = [[(m.source, m.score) for m in found] for found in tm.lookup_many(queries, "ko", limit=3)]
        tm.rebuild()
        assert [[(m.source, m.score) for m in found] for found in tm.lookup_many(queries, "ko", limit=3)] == refreshed
    assert all(refreshed)
