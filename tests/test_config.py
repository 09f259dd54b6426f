from __future__ import annotations

from pathlib import Path

import pytest

from workflow.config import load_config, parse_config
from workflow.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def test_sample_config_is_valid():
    config = load_config(ROOT / "pressflow.toml")
    assert config.source_language == "en"
    assert config.target_locales == ["ko", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]
    assert config.segmentation == "sentence"


def test_defaults_apply_when_keys_are_missing():
    config = parse_config("")
    assert config["translate"]["workers"] >= 1
    assert config["build"]["publish_threshold"] == 1.0


def test_any_locale_can_be_the_source_language():
    config = parse_config('[workspace]\nsource_language = "th"\n', "ws.toml")
    assert config.source_language == "th"
    assert config.target_locales == ["en", "ko", "id", "ms", "vi", "fil", "km", "lo", "my"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ('[workspace]\nsegmentaton = "sentence"\n', "ws.toml:2: workspace.segmentaton: unknown key"),
        ('[workspace]\nsegmentation = "word"\n', "ws.toml:2: workspace.segmentation: must be one of"),
        ('[workspace]\n\ntarget_locales = ["ko", "tl"]\n', "ws.toml:3: workspace.target_locales: unknown locale 'tl'"),
        ('[workspace]\nsource_language = "pt"\n', "ws.toml:2: workspace.source_language: must be one of en, ko, id"),
        ('[workspace]\nlocales = ["en", "th", "en"]\n', "ws.toml:2: workspace.locales: a locale is listed twice"),
        ('[translate]\nworkers = "8"\n', "ws.toml:2: translate.workers: expected int"),
        ('[translate]\nworkers = 0\n', "ws.toml:2: translate.workers: must be at least 1"),
        ('[paths]\noutput = "../elsewhere"\n', "ws.toml:2: paths.output: must be a folder inside the workspace"),
        ('[nonsense]\n', "ws.toml:1: unknown section [nonsense]"),
        ('[workspace\n', "ws.toml:1: invalid TOML"),
    ],
)
def test_bad_config_names_file_line_and_key(text, expected):
    with pytest.raises(ConfigError) as err:
        parse_config(text, "ws.toml")
    assert str(err.value).startswith(expected)


def test_non_utf8_config(tmp_path):
    path = tmp_path / "pressflow.toml"
    path.write_bytes(b'[workspace]\nname = "\xff"\n')
    with pytest.raises(ConfigError, match=r"pressflow.toml:2: not valid UTF-8"):
        load_config(path)


def test_missing_config_says_how_to_create_one(tmp_path):
    with pytest.raises(ConfigError, match="pressflow init"):
        load_config(tmp_path / "pressflow.toml")


def test_readme_documents_every_config_key():
    from workflow.config import SCHEMA

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [f"[{s}] {k}" for s, keys in SCHEMA.items() for k in keys if f"`[{s}] {k}`" not in readme]
    assert missing == []
