"""``pressflow init``: scaffold a new newsroom workspace."""
from __future__ import annotations

import shutil
from pathlib import Path

from workflow.publish.templates import PACKAGED_TEMPLATES
from workflow.config import CONFIG_NAME, parse_config
from workflow.errors import ConfigError
from workflow.fsutil import atomic_write
from workflow.locales import LOCALES, SOURCE_LANGUAGES


CONFIG_TEMPLATE = """\
# pressflow workspace configuration. Every key is optional; defaults are shown.

[workspace]
name = {name}
source_language = "{source}"           # releases whose front matter names no `lang` (any of the ten)
locales = [{locales}]   # the site's languages: each release is translated into all but its own
segmentation = "sentence"             # or "paragraph"
base_url = "https://example.org/"     # public URL of the published site

[paths]
releases = "releases"
locales = "locales"
templates = "templates"               # overrides the packaged templates file by file
output = "site"
preview = "site-preview"
published = "published"               # approved text of published versions: commit it

[translate]
chain = ["memory"]                    # engines tried in order, e.g. ["memory", "google"]
# relay = {{ko = "en"}}                 # Korean originals: draft the other languages from the approved English
# relay_targets = {{ms = "id"}}         # draft Malay from the approved Indonesian, whatever the original
workers = 8
timeout = 15
retries = 3

[build]
publish_threshold = 1.0               # 1.0 = publish only fully approved versions
"""

GITIGNORE = """\
# pressflow: caches and indexes (rebuilt on demand), local accounts, build output
.pressflow/
.pressflow-users.json
.*.lock
/site/
/site-preview/
"""

GLOSSARY_HEADER = "term,note,do_not_translate," + ",".join(c for c in LOCALES) + "\n"


def config_text(name: str, source_language: str) -> str:
    locales = ", ".join(f'"{c}"' for c in [source_language, *(c for c in LOCALES if c != source_language)])
    escaped = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return CONFIG_TEMPLATE.format(name=escaped, source=source_language, locales=locales)


def init_workspace(directory: str | Path, *, source_language: str = "en", name: str = "Press releases") -> Path:
    """Create config, folders, glossary and templates in ``directory``; refuse to clobber."""
    root = Path(directory)
    if source_language not in SOURCE_LANGUAGES:
        raise ConfigError(f"source language must be one of {', '.join(SOURCE_LANGUAGES)}, not {source_language!r}")
    if (root / CONFIG_NAME).exists():
        raise ConfigError("a workspace already exists here", root / CONFIG_NAME)
    text = config_text(name, source_language)
    parse_config(text, root / CONFIG_NAME)  # never write a config we could not read back
    for folder in ("releases", "locales", "templates"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    atomic_write(root / CONFIG_NAME, text)
    if not (root / ".gitignore").exists():
        atomic_write(root / ".gitignore", GITIGNORE)
    if not (root / "glossary.csv").exists():
        atomic_write(root / "glossary.csv", GLOSSARY_HEADER)
    if PACKAGED_TEMPLATES.is_dir():
        for src in PACKAGED_TEMPLATES.rglob("*"):
            if src.is_file():
                dst = root / "templates" / src.relative_to(PACKAGED_TEMPLATES)
                if not dst.exists():
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(src, dst)
    return root.resolve()
