"""Translation memory: approved units + imported TMX, exact/fuzzy lookup, refresh, engine, CLI."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from workflow.catalogs import edit_catalog, new_catalog, save_catalog
from workflow.translation.engines import create_engine
from workflow.translation.engines.base import Settings
from workflow.translation.engines.cache import open_cache
from workflow.locales import LOCALES
from workflow.translation.memory import TranslationMemory, best_matches, export_tmx, import_tmx, search
from workflow.translation.memory_store import memory_dir
from workflow.translation.memory_tokens import length_bounds, tokenize
from workflow.review.units import State, approve_entry, get_stamp, mark_draft, state_of
from workflow.translation.tmx import TmxUnit, read_tmx, write_tmx
from workflow.workspace import Workspace

DATA = Path(__file__).parent / "data" / "memory"

TELMIN = "The Ministry of Science and ICT (MSIT) took part in the 13th TELMIN held in Bali, Indonesia on December 6."
TELMIN_KO = "과학기술정보통신부는 12월 6일 인도네시아 발리에서 열린 제13차 TELMIN에 참석했다."
TELMIN_NEAR = "The Ministry of Science and ICT (MSIT) took part in the 14th TELMIN held in Hanoi, Vietnam on December 6."
PARTNER = "Korea has become an ASEAN Dialogue Partner since 2004 and participated in ASEAN-Korea TELMIN every year."
PARTNER_KO = "한국은 2004년부터 아세안 대화상대국으로서 매년 한-아세안 TELMIN에 참여해 왔다."
UNRELATED = "Applications for the quantum computing programme close on March 31."


def make_ws(tmp_path: Path, source: str = "en", targets: tuple[str, ...] = ("ko", "th"), extra: str = "") -> Workspace:
    root = tmp_path / "newsroom"
    root.mkdir(parents=True)
    quoted = ", ".join(f'"{t}"' for t in targets)
    (root / "pressflow.toml").write_text(
        f'[workspace]\nsource_language = "{source}"\ntarget_locales = [{quoted}]\n{extra}', encoding="utf-8")
    return Workspace.load(root)


def write_po(ws: Workspace, locale: str, slug: str, units: list[tuple[str, str, str]]) -> Path:
    """units: (msgid, msgstr, state) with state approved / draft / review / empty."""
    catalog = new_catalog(locale, project=slug)
    for msgid, msgstr, state in units:
        entry = catalog.add(msgid, msgstr)
        if state == "approved":
            approve_entry(entry, "Kim Editor", at="2018-12-07T09:00:00Z")
        elif state == "draft":
            mark_draft(entry, msgstr, origin="google")
    path = ws.po_path(locale, slug)
    save_catalog(catalog, path)
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = make_ws(tmp_path)
    write_po(workspace, "ko", "telmin-13", [
        (TELMIN, TELMIN_KO, "approved"),
        (PARTNER, PARTNER_KO, "review"),           # a person's text, not approved yet
        ("Promote digital ecosystem for mutual prosperity", "디지털 생태계 조성", "draft"),
        (UNRELATED, "", "empty"),
    ])
    return workspace


# -- lookups ----------------------------------------------------------------


def test_exact_match_scores_100_with_origin(ws: Workspace) -> None:
    with TranslationMemory.open(ws) as tm:
        [match] = tm.lookup(TELMIN, "ko")
    assert (match.score, match.kind, match.target) == (100, "exact", TELMIN_KO)
    assert match.origin == "telmin-13" and match.path == "locales/ko/LC_MESSAGES/telmin-13.po"
    assert match.changed == "2018-12-07T09:00:00Z"


def test_fuzzy_match_scores_below_100(ws: Workspace) -> None:
    with TranslationMemory.open(ws) as tm:
        [match] = tm.lookup(TELMIN_NEAR, "ko")
    assert match.kind == "fuzzy" and 75 <= match.score < 100
    assert match.source == TELMIN and match.target == TELMIN_KO


def test_no_match_for_unrelated_text_or_other_locale(ws: Workspace) -> None:
    with TranslationMemory.open(ws) as tm:
        assert tm.lookup(UNRELATED, "ko") == []
        assert tm.lookup(TELMIN, "th") == []   # approved in Korean only


def test_only_approved_units_are_remembered(ws: Workspace) -> None:
    with TranslationMemory.open(ws) as tm:
        assert tm.lookup(PARTNER, "ko") == []
        assert tm.lookup("Promote digital ecosystem for mutual prosperity", "ko") == []
        assert tm.stats()["units"] == 1


@pytest.mark.parametrize(("threshold", "found"), [(60, True), (75, True), (95, False)])
def test_threshold_from_config(tmp_path: Path, threshold: int, found: bool) -> None:
    workspace = make_ws(tmp_path, extra=f"[memory]\nthreshold = {threshold}\n")
    write_po(workspace, "ko", "telmin-13", [(TELMIN, TELMIN_KO, "approved")])
    with TranslationMemory.open(workspace) as tm:
        matches = tm.lookup(TELMIN_NEAR, "ko")
    assert bool(matches) is found
    assert all(m.score >= threshold for m in matches)


def test_threshold_argument_overrides_config(ws: Workspace) -> None:
    with TranslationMemory.open(ws) as tm:
        score = tm.lookup(TELMIN_NEAR, "ko")[0].score
        assert tm.lookup(TELMIN_NEAR, "ko", threshold=score + 1) == []
        assert tm.lookup(TELMIN_NEAR, "ko", threshold=score)


def test_best_matches_ranks_and_limits(tmp_path: Path) -> None:
    workspace = make_ws(tmp_path)
    variants = [TELMIN.replace("13th", f"{n}th") for n in (4, 5, 6, 7, 8)]
    write_po(workspace, "ko", "a", [(TELMIN, TELMIN_KO, "approved")])
    write_po(workspace, "ko", "b", [(v, TELMIN_KO.replace("13", str(i)), "approved") for i, v in enumerate(variants)])
    matches = best_matches(workspace, TELMIN, "ko", limit=3)
    assert len(matches) == 3
    assert matches[0].kind == "exact" and matches[0].origin == "a"
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_same_source_translated_differently_keeps_both_origins(tmp_path: Path) -> None:
    workspace = make_ws(tmp_path)
    write_po(workspace, "ko", "a", [(TELMIN, TELMIN_KO, "approved")])
    write_po(workspace, "ko", "b", [(TELMIN, TELMIN_KO + " (수정)", "approved")])
    with TranslationMemory.open(workspace) as tm:
        matches = tm.lookup(TELMIN, "ko", limit=5)
    assert {(m.origin, m.target) for m in matches} == {("a", TELMIN_KO), ("b", TELMIN_KO + " (수정)")}
    assert all(m.score == 100 for m in matches)


def test_length_bounds_are_the_ones_the_score_implies() -> None:
    low, high = length_bounds(100, 75)
    assert (low, round(high)) == (60, 167)  # 2·60/(100+60) = 0.75
    assert length_bounds(10, 0) == (0, float("inf"))


# -- scripts -----------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Korea & ASEAN agree", {"korea", "asean", "agree"}),
    ("TELMIN에 참석했다", {"telmin", "에", "참석", "석했", "했다"}),       # script change splits words
    ("การประชุม", {"กา", "าร", "รป", "ปร", "ระ", "ะช", "ชุ", "ุม"}),  # no spaces: bigrams
])
def test_tokenize_by_script(text: str, expected: set[str]) -> None:
    assert tokenize(text) == expected


SENTENCES = {  # the same sentence (the sample release) in every locale's own script
    "en": PARTNER,
    "ko": PARTNER_KO,
    "id": "Korea menjadi Mitra Wicara ASEAN sejak 2004 dan setiap tahun berpartisipasi dalam TELMIN ASEAN-Korea.",
    "ms": "Korea telah menjadi Rakan Dialog ASEAN sejak 2004 dan menyertai TELMIN ASEAN-Korea setiap tahun.",
    "th": "เกาหลีเป็นประเทศคู่เจรจาของอาเซียนตั้งแต่ปี 2004 และเข้าร่วมการประชุม TELMIN อาเซียน-เกาหลี เป็นประจำทุกปี",
    "vi": "Hàn Quốc trở thành Đối tác đối thoại của ASEAN từ năm 2004 và tham gia TELMIN ASEAN-Hàn Quốc hằng năm.",
    "fil": "Naging ASEAN Dialogue Partner ang Korea mula pa noong 2004 at taun-taon itong lumalahok sa ASEAN-Korea TELMIN.",
    "km": "កូរ៉េបានក្លាយជាដៃគូសន្ទនារបស់អាស៊ានតាំងពីឆ្នាំ 2004 ហើយបានចូលរួមកិច្ចប្រជុំ TELMIN អាស៊ាន-កូរ៉េ ជារៀងរាល់ឆ្នាំ។",
    "lo": "ເກົາຫຼີໄດ້ກາຍເປັນຄູ່ເຈລະຈາຂອງອາຊຽນນັບແຕ່ປີ 2004 ແລະ ໄດ້ເຂົ້າຮ່ວມກອງປະຊຸມ TELMIN ອາຊຽນ-ເກົາຫຼີ ທຸກໆປີ",
    "my": "ကိုရီးယားသည် 2004 ခုနှစ်မှစ၍ အာဆီယံ၏ ဆွေးနွေးဖက်နိုင်ငံ ဖြစ်လာခဲ့ပြီး အာဆီယံ-ကိုရီးယား TELMIN သို့ နှစ်စဉ် တက်ရောက်ခဲ့သည်။",
}


def test_every_locale_has_a_sentence() -> None:
    assert set(SENTENCES) == set(LOCALES)


@pytest.mark.parametrize("locale", list(LOCALES))
def test_fuzzy_lookup_in_every_source_script(tmp_path: Path, locale: str) -> None:
    """A TMX whose source language is ``locale``: a slightly changed sentence still finds its pair."""
    workspace = make_ws(tmp_path)
    target = "ko" if locale == "en" else "en"
    sentence = SENTENCES[locale]
    others = [s for code, s in SENTENCES.items() if code != locale]
    units = [TmxUnit(locale, target, sentence, "TRANSLATION")]
    units += [TmxUnit(locale, target, other, "OTHER") for other in others]
    memory_dir(workspace).mkdir()
    write_tmx(memory_dir(workspace) / "multi.tmx", units, srclang=locale)
    changed = sentence.replace("2004", "2005")
    changed = changed[: len(changed) // 2] + changed[len(changed) // 2 + 3:]
    with TranslationMemory.open(workspace) as tm:
        matches = tm.lookup(changed, target, source_lang=locale)
        assert [m.target for m in matches] == ["TRANSLATION"]
        assert 75 <= matches[0].score < 100 and matches[0].origin == "multi.tmx"
    if not LOCALES[locale].spaces_between_words:
        assert max(len(t) for t in tokenize(sentence) if not t.isascii()) == 2


def test_korean_source_workspace_with_thai_target(tmp_path: Path) -> None:
    workspace = make_ws(tmp_path, source="ko", targets=("en", "th"))
    thai = "กระทรวงวิทยาศาสตร์และไอซีทีเข้าร่วมการประชุม TELMIN ครั้งที่ 13"
    write_po(workspace, "th", "telmin-13", [(TELMIN_KO, thai, "approved")])
    # Another particle, another number, another place: Korean words change shape, bigrams still match.
    query = "과학기술정보통신부가 12월 6일 인도네시아 발리에서 열린 제14차 TELMIN에 참석했다."
    with TranslationMemory.open(workspace) as tm:
        [match] = tm.lookup(query, "th")
        assert match.target == thai and 75 <= match.score < 100
        assert tm.lookup("내년도 양자컴퓨팅 예산은 크게 늘어난다.", "th") == []


# -- refresh -----------------------------------------------------------------


def test_refresh_follows_approvals_and_edits(ws: Workspace) -> None:
    po = ws.po_path("ko", "telmin-13")
    write_po(ws, "th", "other", [(UNRELATED, "โปรแกรม", "approved")])
    with TranslationMemory.open(ws) as tm:
        assert tm.lookup(PARTNER, "ko") == []
        with edit_catalog(po) as catalog:   # a reviewer approves the person's text
            approve_entry(catalog.find(PARTNER), "Lee Reviewer")
        stats = tm.refresh()
        assert (stats.files_read, stats.files_unchanged) == (1, 1)   # only the changed catalog is read
        assert tm.lookup(PARTNER, "ko")[0].target == PARTNER_KO

        with edit_catalog(po) as catalog:   # someone edits the approved text in Poedit: the approval is stale
            entry = catalog.find(TELMIN)
            entry.msgstr = TELMIN_KO.replace("참석했다", "참여했다")
            assert state_of(entry) is State.NEEDS_REVIEW
        tm.refresh()
        assert tm.lookup(TELMIN, "ko") == []
        assert all(m.source != TELMIN for m in tm.lookup(TELMIN, "ko", threshold=0, limit=10))

        os.utime(po)                         # touched, same bytes: not re-read
        assert tm.refresh().files_read == 0

        po.unlink()                          # a removed catalog leaves the memory
        assert tm.refresh().files_dropped == 1
        assert tm.lookup(PARTNER, "ko") == []
        assert tm.lookup(UNRELATED, "th")[0].target == "โปรแกรม"


def test_lookup_refreshes_transparently_between_runs(ws: Workspace) -> None:
    assert search(ws, PARTNER, "ko").matches == []
    with edit_catalog(ws.po_path("ko", "telmin-13")) as catalog:
        approve_entry(catalog.find(PARTNER), "Lee Reviewer")
    assert search(ws, PARTNER, "ko").matches[0].score == 100


def test_cache_can_be_deleted_or_damaged_without_loss(ws: Workspace) -> None:
    import_tmx(ws, DATA / "po2tmx_output.tmx")
    db = ws.state_dir / "memory.sqlite"
    assert db.exists()
    for damage in ("delete", "garbage"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        if damage == "garbage":
            db.write_bytes(b"this is not a database" * 100)
        assert search(ws, TELMIN, "ko").matches[0].target == TELMIN_KO
        assert search(ws, "Promote digital ecosystem for mutual prosperity", "th").matches[0].origin == "po2tmx_output.tmx"


def test_broken_catalog_is_reported_and_skipped(ws: Workspace) -> None:
    bad = ws.po_path("th", "broken")
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    result = search(ws, TELMIN, "ko")
    assert result.matches[0].score == 100
    assert len(result.problems) == 1 and "broken.po:" in result.problems[0]
    assert search(ws, TELMIN, "ko").problems == result.problems   # still reported on the next run


@pytest.mark.parametrize(("workspace_source", "header", "pair_source"), [
    ("en", "C", "en"), ("en", "posix", "en"), ("ko", "C", "ko"),   # C: the project's source language
    ("en", "en_US", "en"), ("en", "id-ID", "id"),                  # any spelling: the canonical code
])
def test_the_x_source_language_header_is_read_as_the_rest_of_pressflow_reads_it(
        tmp_path: Path, workspace_source: str, header: str, pair_source: str) -> None:
    """``X-Source-Language: C`` (GNOME, Poedit: a program's own strings) names no language: the
    pairs are in the workspace's source language, as for translate and status; other values are
    locale codes in any spelling, stored canonical (never ``C`` or ``en_US`` as a language)."""
    target = "th"
    workspace = make_ws(tmp_path, source=workspace_source, targets=(target,))
    path = write_po(workspace, target, "telmin-13", [(TELMIN, "การประชุม TELMIN ครั้งที่ 13", "approved")])
    with edit_catalog(path) as catalog:
        catalog.metadata["X-Source-Language"] = header
    with TranslationMemory.open(workspace) as tm:
        assert tm.source_languages(target) == [pair_source]
        [match] = tm.lookup(TELMIN, target, source_lang=pair_source)
    assert match.score == 100 and match.source_lang == pair_source
    assert search(workspace, TELMIN, target).problems == []


def test_an_x_source_language_header_naming_no_known_language_is_reported_and_skipped(ws: Workspace) -> None:
    path = write_po(ws, "th", "klingon", [(TELMIN, "การประชุม TELMIN ครั้งที่ 13", "approved")])
    with edit_catalog(path) as catalog:
        catalog.metadata["X-Source-Language"] = "Klingon"
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith('"X-Source-Language: '))
    result = search(ws, TELMIN, "th")
    assert result.matches == []
    assert [p.split(": ", 1)[0] for p in result.problems] == [f"{path}:{line}"]
    assert "X-Source-Language: 'Klingon' is not a known language" in result.problems[0]
    assert [m.target for m in search(ws, TELMIN, "ko").matches] == [TELMIN_KO]   # the rest keeps working


# -- import / export ----------------------------------------------------------


def test_import_keeps_a_copy_and_indexes_it(ws: Workspace) -> None:
    result = import_tmx(ws, DATA / "po2tmx_output.tmx")
    assert result.path == memory_dir(ws) / "po2tmx_output.tmx" and result.units == 3
    assert result.path.read_bytes() == (DATA / "po2tmx_output.tmx").read_bytes()
    [match] = search(ws, "Korea has become an ASEAN Dialogue Partner since 2005 and took part in TELMIN every year.",
                     "th").matches
    assert match.origin == "po2tmx_output.tmx" and match.kind == "fuzzy"


def test_import_refuses_a_different_file_of_the_same_name(ws: Workspace, tmp_path: Path) -> None:
    import_tmx(ws, DATA / "po2tmx_output.tmx")
    other = tmp_path / "po2tmx_output.tmx"
    shutil.copy(DATA / "omegat_style.tmx", other)
    with pytest.raises(Exception, match="already imported.*--replace"):
        import_tmx(ws, other)
    assert import_tmx(ws, other, replace=True).replaced
    assert search(ws, "Ministry of Science and ICT", "th").matches[0].target == "กระทรวงวิทยาศาสตร์และไอซีที"


def test_malformed_tmx_is_not_imported(ws: Workspace) -> None:
    with pytest.raises(Exception) as info:
        import_tmx(ws, DATA / "malformed_unclosed_seg.tmx")
    assert "malformed_unclosed_seg.tmx:7:" in str(info.value)
    assert not (memory_dir(ws) / "malformed_unclosed_seg.tmx").exists()


def test_export_round_trip_into_another_workspace(ws: Workspace, tmp_path: Path) -> None:
    import_tmx(ws, DATA / "omegat_style.tmx")
    out = tmp_path / "export.tmx"
    assert export_tmx(ws, out).pairs == 4     # 1 approved unit + 3 TMX pairs
    assert export_tmx(ws, tmp_path / "th.tmx", ["th"]).pairs == 1
    units = {(u.srclang, u.tgtlang, u.source): u for u in read_tmx(out)}
    approved = units[("en", "ko", TELMIN)]
    assert approved.target == TELMIN_KO and approved.origin == "telmin-13"
    assert approved.changed == "2018-12-07T09:00:00Z" and approved.changed_by == "Kim Editor"

    other = make_ws(tmp_path / "elsewhere")
    import_tmx(other, out)
    with TranslationMemory.open(other) as tm:
        assert sorted((u.tgtlang, u.source, u.target) for u in tm.units()) == \
            sorted((u.tgtlang, u.source, u.target) for u in units.values())


# -- the memory engine ----------------------------------------------------------


def test_engine_answers_with_score_and_origin(ws: Workspace) -> None:
    cache = open_cache(ws.state_dir)
    engine = create_engine("memory", Settings(env={}), cache)
    try:
        exact, near, none = engine.translate([TELMIN, TELMIN_NEAR, UNRELATED], "en", "ko")
    finally:
        engine.close()
        cache.close()
    assert exact.text == TELMIN_KO and exact.details == {"score": "100", "source": "telmin-13"}
    assert near.text == TELMIN_KO and 75 <= int(near.details["score"]) < 100
    assert none.text is None and none.error is None    # no answer: the next engine of the chain is asked


def test_translate_with_memory_drafts_but_never_approves(ws: Workspace) -> None:
    from workflow.translation.translate import translate

    po = write_po(ws, "ko", "telmin-14", [(TELMIN_NEAR, "", "empty"), (TELMIN, "", "empty"), (UNRELATED, "", "empty")])
    translate(ws, engines=["memory"], targets=[str(po)], progress=False, env={})
    with edit_catalog(ws.po_path("ko", "telmin-14")) as catalog:
        near, exact, unrelated = catalog.find(TELMIN_NEAR), catalog.find(TELMIN), catalog.find(UNRELATED)
        for entry, score in ((near, None), (exact, "100")):
            assert entry.msgstr == TELMIN_KO
            assert state_of(entry) is State.DRAFT                # fuzzy, never approved automatically
            stamp = get_stamp(entry, "draft")
            assert stamp["origin"] == "memory" and stamp["source"] == "telmin-13"
            assert stamp["score"] == score if score else 75 <= int(stamp["score"]) < 100
        assert state_of(unrelated) is State.UNTRANSLATED


# -- CLI -------------------------------------------------------------------------


def test_cli_import_search_export(ws: Workspace, cli_run, tmp_path: Path) -> None:
    result = cli_run("memory", "import", str(DATA / "po2tmx_output.tmx"), cwd=ws.root)
    assert result.exit_code == 0 and "memory/po2tmx_output.tmx: 3 translation pairs" in result.output
    result = cli_run("memory", "search", TELMIN_NEAR, "--locale", "ko", cwd=ws.root)
    assert result.exit_code == 0
    assert "fuzzy  telmin-13  [locales/ko/LC_MESSAGES/telmin-13.po]" in result.output and TELMIN_KO in result.output
    result = cli_run("memory", "search", UNRELATED, "-l", "ko", cwd=ws.root)
    assert result.exit_code == 1
    out = tmp_path / "th.tmx"
    result = cli_run("memory", "export", str(out), "--locale", "th", cwd=ws.root)
    assert result.exit_code == 0 and "3 translation pairs" in result.output
    assert {u.tgtlang for u in read_tmx(out)} == {"th"}


def test_cli_malformed_tmx_reports_file_and_line(ws: Workspace, cli_run) -> None:
    result = cli_run("memory", "import", str(DATA / "malformed_tuv_without_lang.tmx"), cwd=ws.root)
    assert result.exit_code == 1
    assert "malformed_tuv_without_lang.tmx:10: <tuv> has no xml:lang attribute" in result.output


# -- bulk indexing ---------------------------------------------------------------------


def test_invert_finds_the_tokens_tokenize_finds() -> None:
    from workflow.translation.memory_tokens import invert

    texts = ["Korea & ASEAN agree", "café “quoted” – naïve CAFÉ", "과학기술정보통신부 발표", "ส่งเสริม digital",
             "snake_case and 2024", "", "nul\x00inside Korea", "ΟΔΟΣ Σ", "Korea korea KOREA", "tab\tand\nnewline"] * 3
    expected: dict[str, list[int]] = {}
    for row, text in enumerate(texts):
        for token in tokenize(text):
            expected.setdefault(token, []).append(row)
    assert {token: rows.tolist() for token, rows in invert(texts).items()} == expected


def _all_lookups(tm: TranslationMemory, texts: list[str]) -> list[list[tuple[str, str, int, str]]]:
    return [[(m.source, m.target, m.score, m.path) for m in matches]
            for matches in tm.lookup_many(texts, "ko", limit=5)]


def test_incremental_refreshes_index_what_a_rebuild_does(ws: Workspace) -> None:
    pairs = [TmxUnit("en", "ko", f"The Minister visited site number {n} in Daejeon on May {n % 28 + 1}.", f"방문 {n}")
             for n in range(300)]
    write_tmx(memory_dir(ws) / "big.tmx", pairs, srclang="en")
    queries = [f"The Minister visited site number {n} in Busan on May {n % 28 + 1}." for n in range(0, 300, 7)]
    queries += [TELMIN_NEAR, PARTNER]
    with TranslationMemory.open(ws) as tm:
        names = {row[1] for row in tm.db.execute("SELECT * FROM sqlite_master WHERE type='index'")}
        assert {"entries_key", "units_entry", "units_file"} <= names      # created again after the bulk load
        # Changes on top of the bulk-built index: a new TMX (some sources shared), an approval, a removal.
        write_tmx(memory_dir(ws) / "more.tmx", pairs[:50] + [TmxUnit("en", "ko", PARTNER, "다른 번역")], srclang="en")
        with edit_catalog(ws.po_path("ko", "telmin-13")) as catalog:
            approve_entry(catalog.find(PARTNER), "Lee Reviewer")
        tm.refresh()
        (memory_dir(ws) / "big.tmx").unlink()
        tm.refresh()
        incremental = _all_lookups(tm, queries)
        tm.rebuild()
        assert _all_lookups(tm, queries) == incremental
    assert any(incremental) and incremental[-1][0][2] == 100


def test_batch_and_single_lookups_agree(ws: Workspace) -> None:
    write_tmx(memory_dir(ws) / "m.tmx", [TmxUnit("en", "ko", f"Budget line {n} grows by {n} percent.", f"예산 {n}")
                                         for n in range(100)], srclang="en")
    texts = [f"Budget line {n} grows by {n + 1} percent." for n in range(0, 100, 3)] + [TELMIN_NEAR, UNRELATED]
    with TranslationMemory.open(ws) as tm:
        batch = _all_lookups(tm, texts)          # big enough to read every source at once
        assert batch == [_all_lookups(tm, [text])[0] for text in texts]
    assert sum(bool(b) for b in batch) >= len(texts) - 1


def test_another_connection_sees_changes_without_refreshing(ws: Workspace) -> None:
    near = PARTNER.replace("2004", "2005")
    with TranslationMemory.open(ws) as first:
        assert first.lookup(near, "ko") == []                # loads its in-memory view of the index
        with edit_catalog(ws.po_path("ko", "telmin-13")) as catalog:
            approve_entry(catalog.find(PARTNER), "Lee Reviewer")
        with TranslationMemory.open(ws) as second:          # refreshes the shared index
            assert second.lookup(near, "ko")[0].target == PARTNER_KO
        assert first.lookup(near, "ko")[0].target == PARTNER_KO   # its stale view was dropped


@pytest.mark.parametrize("name, why", [("empty_body.tmx", "no translation units (<tu>) found"),
                                       ("one_language_only.tmx",
                                        "no translation pair (no <tu> holds segments in two languages)")])
def test_cli_import_of_a_tmx_without_pairs_warns_and_counts_zero(ws: Workspace, cli_run, name: str,
                                                                  why: str) -> None:
    result = cli_run("memory", "import", str(DATA / name), cwd=ws.root)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines == [f"warning: {DATA / name}: {why}", f"kept memory/{name}: 0 translation pairs imported"]
