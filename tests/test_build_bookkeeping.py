"""A build's bookkeeping: where its outputs land (every output name stays inside the output
folder, whether it is one of ours or a workspace's own asset name with odd characters) and
how the manifest names the release files."""
from __future__ import annotations

from pathlib import Path

import pytest

from workflow.errors import UnsafePathError
from workflow.publish.build import _release_relpath, build_site
from workflow.publish.manifest import BuildResult, OutputWriter, content_hash
from workflow.workspace import Workspace


def writer(tmp_path: Path) -> tuple[OutputWriter, BuildResult, Path]:
    out, tmp = tmp_path / "site", tmp_path / "tmp"
    out.mkdir()
    tmp.mkdir()
    return OutputWriter(out, tmp), BuildResult(out_dir=out, preview=False), out


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_plain_and_odd_names_are_written_where_they_say_with_their_records(tmp_path: Path) -> None:
    out_writer, result, out = writer(tmp_path)
    outputs: dict[str, str | bytes] = {"en/a-release.html": "<p>안녕</p>", "index.html": b"root",
                                       "static/Fonts/My Font (2).woff2": b"\x00font",
                                       "static/ÉTÉ.css": "body{}"}
    records = out_writer.write_all(outputs, result)
    assert files(out) == {rel: data if isinstance(data, bytes) else data.encode() for rel, data in outputs.items()}
    assert list(records) == list(outputs) and sorted(result.written) == sorted(outputs)
    for rel, (digest, size, mtime) in records.items():
        st = (out / rel).stat()
        assert digest == content_hash((out / rel).read_bytes()) and [size, mtime] == [st.st_size, st.st_mtime_ns]
    # Written again with one change: the others are left alone, the records keep the outputs' order.
    again = out_writer.write_all({**outputs, "index.html": b"new root"}, BuildResult(out_dir=out, preview=False))
    assert list(again) == list(outputs) and (out / "index.html").read_bytes() == b"new root"
    assert {rel: again[rel] for rel in outputs if rel != "index.html"} == \
        {rel: records[rel] for rel in outputs if rel != "index.html"}


@pytest.mark.parametrize("rel", ["static/../../escaped.css", "../escaped.html", "static/./x/../../../escaped.css"])
def test_an_output_name_leaving_the_output_folder_is_refused(tmp_path: Path, rel: str) -> None:
    out_writer, result, out = writer(tmp_path)
    with pytest.raises(UnsafePathError):
        out_writer.write(rel, b"x", result)
    assert not list(tmp_path.rglob("escaped*")) and result.written == []


def test_a_symlinked_asset_folder_pointing_outside_is_refused_for_odd_names(tmp_path: Path) -> None:
    out_writer, result, out = writer(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "static").symlink_to(outside)
    with pytest.raises(UnsafePathError):
        out_writer.write("static/Odd Name.css", b"x", result)
    assert list(outside.iterdir()) == []


def test_a_workspace_asset_with_an_odd_name_is_published_inside_the_site(sample_ws: Workspace) -> None:
    asset = sample_ws.templates_dir / "static" / "Fonts" / "Noto Sans KR (Bold).woff2"
    asset.parent.mkdir(parents=True)
    asset.write_bytes(b"\x00\x01font")
    result = build_site(sample_ws)
    site = sample_ws.output_dir
    assert "static/Fonts/Noto Sans KR (Bold).woff2" in result.written
    assert (site / "static" / "Fonts" / "Noto Sans KR (Bold).woff2").read_bytes() == b"\x00\x01font"


def test_release_files_are_named_as_workspace_relpath_names_them(sample_ws: Workspace, tmp_path: Path) -> None:
    """Plain files, a symlink to a file elsewhere in the workspace, one outside it, a missing
    file, and a releases folder that is the workspace itself."""
    folder = sample_ws.releases_dir
    plain = sorted(folder.glob("*.md"))[0]
    (sample_ws.root / "drafts").mkdir()
    inside = sample_ws.root / "drafts" / "2020-01-01-x.md"
    inside.write_text("x", encoding="utf-8")
    (folder / "2020-01-01-linked.md").symlink_to(inside)
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x", encoding="utf-8")
    (folder / "2020-01-02-outside.md").symlink_to(outside)
    paths = [plain, folder / "2020-01-01-linked.md", folder / "2020-01-02-outside.md", folder / "gone.md",
             inside, sample_ws.root / "pressflow.toml"]
    relpath = _release_relpath(sample_ws)
    assert [relpath(p) for p in paths] == [sample_ws.relpath(p) for p in paths]
    assert relpath(folder / "2020-01-01-linked.md") == "drafts/2020-01-01-x.md"
    at_root = sample_ws.root / "pressflow.toml"
    config = at_root.read_text(encoding="utf-8")
    assert 'releases = "releases"' in config
    at_root.write_text(config.replace('releases = "releases"', 'releases = "."'), encoding="utf-8")
    ws = Workspace.load(sample_ws.root)
    assert ws.releases_dir == ws.root
    relpath = _release_relpath(ws)
    assert [relpath(p) for p in paths] == [ws.relpath(p) for p in paths] and relpath(at_root) == "pressflow.toml"


def test_a_full_build_after_status_takes_release_hashes_and_catalog_stats_from_it(sample_ws: Workspace,
                                                                                   monkeypatch, request) -> None:
    """With the status index current, the build's input fingerprints of the release files are
    the hashes the index keeps (a release file is read once, for its pages, not again to hash
    it), and each catalog's status is taken once (the fingerprints' stat serves the index)."""
    import json
    import os

    import workflow.fsutil
    import workflow.review.index
    from workflow.publish.manifest import manifest_path
    from workflow.review.status import collect_status

    long_ago = 1_500_000_000
    for path in [*sample_ws.locales_dir.rglob("*.po"), *sample_ws.releases_dir.glob("*.md")]:
        os.utime(path, (long_ago, long_ago))  # not racy: the index keeps their stamps
    collect_status(sample_ws)
    read = request.getfixturevalue("files_read")
    stated: list[str] = []
    real_stat = os.stat

    class CountingOs:  # the index module's ``os``, counting stats of catalogs
        def __getattr__(self, name):
            return getattr(os, name)

        @staticmethod
        def stat(path, *args, **kwargs):
            if str(path).endswith(".po"):
                stated.append(str(path))
            return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(workflow.review.index, "os", CountingOs())
    build_site(sample_ws)
    releases = sorted(str(p) for p in sample_ws.releases_dir.glob("*.md"))
    assert sorted(p for p in read if p.endswith(".md")) == releases  # once each
    assert stated == []  # the index took the fingerprints' stats
    files = json.loads(manifest_path(sample_ws, sample_ws.output_dir).read_text(encoding="utf-8"))["files"]
    import hashlib

    for path in releases:
        with open(path, "rb") as fh:
            assert files[path][2] == hashlib.sha256(fh.read()).hexdigest()[:32]


@pytest.mark.parametrize("unnamed", [True, False], ids=["unnamed files", "named temporary files"])
def test_a_page_the_system_writes_in_pieces_is_written_whole(tmp_path: Path, monkeypatch, unnamed: bool) -> None:
    import os

    import workflow.publish.manifest as manifest

    monkeypatch.setattr(manifest, "_UNNAMED", [unnamed and manifest._UNNAMED[0]])
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:1000])))  # short writes
    out_writer, result, out = writer(tmp_path)
    page = "<p>" + "안녕하세요 " * 700 + "</p>"
    records = out_writer.write_all({"ko/a.html": page, "index.html": b"x" * 2500}, result)
    assert (out / "ko" / "a.html").read_text(encoding="utf-8") == page
    assert (out / "index.html").read_bytes() == b"x" * 2500
    assert records["ko/a.html"][1] == len(page.encode())


def test_a_listed_release_file_loads_as_the_same_release_as_any_path_to_it(sample_ws: Workspace) -> None:
    """``load_release(path, listed=True)`` (a build's release files, as the releases folder lists
    them) gives the release ``load_release`` gives, resolved path included, for a plain file and
    for a symlink to a file elsewhere."""
    plain = sorted(sample_ws.releases_dir.glob("*.md"))[0]
    (sample_ws.root / "drafts").mkdir()
    target = sample_ws.root / "drafts" / "2020-01-01-linked.md"
    target.write_text(plain.read_text(encoding="utf-8").replace("slug: ", "slug: linked-", 1), encoding="utf-8")
    link = sample_ws.releases_dir / "2020-01-01-linked.md"
    link.symlink_to(target)
    for path in (plain, link):
        listed = Workspace.load(sample_ws.root).load_release(path, listed=True)
        resolved = Workspace.load(sample_ws.root).load_release(path)
        assert listed == resolved and listed.path == resolved.path == path.resolve()
    assert Workspace.load(sample_ws.root).load_release(link, listed=True).path == target
    with pytest.raises(FileNotFoundError):
        sample_ws.load_release(sample_ws.releases_dir / "gone.md", listed=True)
