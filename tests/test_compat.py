"""Old flat import paths (before the stage packages) still resolve to the same objects."""
from __future__ import annotations

import importlib

import pytest

MOVED = [
    ("workflow.catalog", "load_catalog", "workflow.catalogs.parse"),
    ("workflow.catalog", "Catalog", "workflow.catalogs.model"),
    ("workflow.catalog", "merge_catalog", "workflow.catalogs.merge"),
    ("workflow.extract", "update", "workflow.catalogs.extract"),
    ("workflow.releases", "parse_release", "workflow.sources.releases"),
    ("workflow.segment", "segment_text", "workflow.sources.segment"),
    ("workflow.importer", "import_release", "workflow.sources.importer"),
    ("workflow.translate", "translate", "workflow.translation.translate"),
    ("workflow.masking", "TOKEN_RE", "workflow.translation.masking"),
    ("workflow.memory", "TranslationMemory", "workflow.translation.memory"),
    ("workflow.tmx", "write_tmx", "workflow.translation.tmx"),
    ("workflow.review", "approve", "workflow.review.actions"),
    ("workflow.review", "State", "workflow.review.units"),
    ("workflow.review", "TRANSITIONS", "workflow.review.units"),
    ("workflow.review", "review_queue", "workflow.review.queue"),
    ("workflow.checks", "check_entry", "workflow.review.checks.run"),
    ("workflow.glossary", "load_glossary", "workflow.review.glossary"),
    ("workflow.status", "collect_status", "workflow.review.status"),
    ("workflow.build", "build_site", "workflow.publish.build"),
    ("workflow.render", "build_page", "workflow.publish.render"),
    ("workflow.engines", "create_engine", "workflow.translation.engines"),
    ("workflow.engines.base", "Engine", "workflow.translation.engines.base"),
    ("workflow.engines.pseudo", "PseudoEngine", "workflow.translation.engines.pseudo"),
]


@pytest.mark.parametrize(("old", "name", "new"), MOVED)
def test_old_import_path_gives_the_same_object(old: str, name: str, new: str) -> None:
    assert getattr(importlib.import_module(old), name) is getattr(importlib.import_module(new), name)


def test_unknown_old_review_name_is_an_attribute_error() -> None:
    import workflow.review

    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        workflow.review.nonexistent  # noqa: B018


def test_catalogs_package_exports_the_public_api() -> None:
    import workflow.catalogs as catalogs

    for name in catalogs.__all__:
        assert getattr(catalogs, name) is not None
