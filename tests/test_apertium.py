"""The ``apertium`` engine: real offline drafts Indonesian → Malay, and clear errors when it is missing."""
from __future__ import annotations

import stat
from pathlib import Path

import pytest

from conftest import DATA, require_tool
from workflow.errors import EngineError
from workflow.translation.engines import create_engine, engine_class
from workflow.translation.engines.base import Settings

SENTENCES = DATA / "newsroom" / "indonesian_sentences.txt"


@pytest.fixture
def apertium() -> str:
    require_tool("apertium")
    if not Path("/usr/share/apertium/modes/ind-zlm.mode").exists():
        pytest.skip("apertium-ind-zlm is not installed")  # conftest installs it with apt-get
    return "apertium"


def test_indonesian_to_malay_for_real(apertium: str) -> None:
    engine = create_engine("apertium", Settings(do_not_translate=["MSIT", "TELMIN", "ASEAN-Korea", "ASEAN"]))
    texts = [line for line in SENTENCES.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts.append("Lihat [situs web **resmi**](https://www.msit.go.kr) tentang 5G.")
    outcomes = engine.translate(texts, "id", "ms")
    assert all(o.error is None and o.text for o in outcomes), [o.error for o in outcomes]
    out = [o.text for o in outcomes]
    # Malay, not Indonesian: pemerintah → kerajaan, menginvestasikan → melaburkan, informasi → maklumat.
    assert out[4] == ("Kerajaan akan melaburkan 1,2 trilion won sehingga tahun 2030 untuk mengembangkan "
                      "semikonduktor kecerdasan buatan dan melatih 5.000 tenaga ahli.")
    assert out[5] == "Maklumat lebih lanjut tersedia di https://www.msit.go.kr."
    # Masked text comes back untouched: numbers, the URL, markup and do-not-translate terms.
    assert "1,2 trilion" in out[4] and "2030" in out[4] and "5.000" in out[4]
    assert "https://www.msit.go.kr" in out[5]
    assert out[-1] == "Lihat [tapak web **rasmi**](https://www.msit.go.kr) tentang 5G."
    assert "MSIT" in out[0] and "TELMIN" in out[0]
    # No unknown-word marks from Apertium in drafts.
    assert not any(mark in t for t in out[:-1] for mark in "*#@")
    # One apertium run for the whole batch (texts are separated by blank lines).
    assert engine.requests == 1


def test_routes_only_the_pairs_it_has(apertium: str) -> None:
    cls = engine_class("apertium")
    engine = cls.__new__(cls)  # routes are class data
    assert engine.route("id", "ms") == ["id", "ms"] and engine.route("ms", "id") == ["ms", "id"]
    assert engine.route("en", "ms") is None and engine.route("ko", "th") is None


def test_missing_command_names_the_debian_packages(tmp_path: Path) -> None:
    with pytest.raises(EngineError) as info:
        create_engine("apertium", Settings(env={"PATH": str(tmp_path)}))
    message = str(info.value)
    assert "apertium" in message and "apt-get install apertium apertium-ind-zlm" in message


def test_missing_language_pair_names_its_package(tmp_path: Path) -> None:
    fake = tmp_path / "apertium"
    fake.write_text("#!/bin/sh\n# lists no installed pair\nexit 0\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    engine = create_engine("apertium", Settings(env={"PATH": str(tmp_path)}))
    [outcome] = engine.translate(["Pemerintah mengumumkan rencana itu."], "id", "ms")
    assert outcome.text is None
    assert "apertium-ind-zlm" in str(outcome.error) and "not installed" in str(outcome.error)


def test_translate_without_apertium_stops_with_the_package_names(tmp_path: Path, sample_ws, cli_run,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = cli_run("translate", "-e", "apertium", "-l", "ms", cwd=sample_ws.root)
    assert result.exit_code != 0
    assert "apt-get install apertium apertium-ind-zlm" in result.output
    assert "Traceback" not in result.output


def test_relay_drafts_malay_from_approved_indonesian_with_apertium(apertium: str, sample_ws) -> None:
    from workflow.catalogs import load_catalog
    from workflow.review.actions import Selection, approve
    from workflow.review.relay import relay_hash
    from workflow.review.units import get_stamp
    from workflow.translation.translate import translate

    slug = "asean-korea-digital-innovation-2019"      # the sample's Korean release; id ships sample drafts
    approve(sample_ws, Selection(releases=(slug,), locales=("id",), all=True), "Dewi Reviewer",
            include_drafts=True)
    summary = translate(sample_ws, engines=("apertium",), locales=("ms",), targets=(slug,), progress=False)
    assert summary.drafted == 10 and summary.by_via == {"id-approved": 10}
    indonesian = {e.msgid: e.msgstr for e in load_catalog(sample_ws.po_path("id", slug))}
    for entry in load_catalog(sample_ws.po_path("ms", slug)):
        stamp = get_stamp(entry, "draft")
        assert stamp["origin"] == "apertium" and stamp["relay-sha"] == relay_hash(indonesian[entry.msgid])
    malay = {e.msgid: e.msgstr for e in load_catalog(sample_ws.po_path("ms", slug))}
    assert any("bahawa" in text for text in malay.values())   # Indonesian "bahwa" → Malay "bahawa"
    assert "https://www.msit.go.kr" in malay["자세한 내용은 과기정통부 누리집(https://www.msit.go.kr)에서 확인할 수 있다."]
