"""The workspace: a newsroom folder with ``pressflow.toml``, releases, catalogs and templates."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from stat import S_ISLNK

from workflow.config import CONFIG_NAME, Config, load_config, parse_config
from workflow.errors import LocaleError, NoWorkspaceError, ReleaseError, WorkflowError
from workflow.fsutil import safe_join
from workflow.locales import canonical_locale, get_locale
from workflow.sources.releases import Release, load_release

STATE_DIR = ".pressflow"  # caches and indexes; deleting it loses nothing


@dataclass
class Workspace:
    """A newsroom folder. ``problems`` holds the files that could not be read, one error per file:
    they are skipped and reported (see :meth:`report`), while every other release keeps working."""

    root: Path
    config: Config
    problems: dict[str, WorkflowError] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, root: str | Path) -> Workspace:
        root = Path(root).resolve()
        return cls(root=root, config=load_config(root / CONFIG_NAME))

    @classmethod
    def find(cls, start: str | Path = ".") -> Workspace:
        """Load the workspace containing ``start`` (walking up to ``pressflow.toml``)."""
        here = Path(start).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).is_file():
                return cls.load(folder)
        raise NoWorkspaceError(
            f"no {CONFIG_NAME} in {here} or any parent folder "
            "(run `pressflow init DIR` to create a workspace, or pass --workspace)"
        )

    @classmethod
    def standalone(cls) -> Workspace:
        """The workspace of commands on explicit PO files outside any newsroom: the default
        configuration, no releases or catalogs of its own, and its caches (machine-translation
        answers, memory index) in ``$XDG_CACHE_HOME/pressflow/no-workspace`` (``~/.cache/...``)."""
        cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        root = Path(cache, "pressflow", "no-workspace").resolve()
        root.mkdir(parents=True, exist_ok=True)
        return cls(root=root, config=parse_config("", "(defaults: no pressflow.toml)"))

    # -- paths -------------------------------------------------------------
    def _dir(self, key: str) -> Path:
        return safe_join(self.root, *Path(self.config["paths"][key]).parts)

    @property
    def releases_dir(self) -> Path:
        return self._dir("releases")

    @property
    def locales_dir(self) -> Path:
        return self._dir("locales")

    @property
    def templates_dir(self) -> Path:
        return self._dir("templates")

    @property
    def output_dir(self) -> Path:
        return self._dir("output")

    @property
    def preview_dir(self) -> Path:
        return self._dir("preview")

    @property
    def published_dir(self) -> Path:
        """Records of the last approved version of each published page (committed, not a cache)."""
        return self._dir("published")

    @property
    def state_dir(self) -> Path:
        path = self.root / STATE_DIR
        path.mkdir(exist_ok=True)
        return path

    def pot_path(self, slug: str) -> Path:
        return safe_join(self.locales_dir, f"{slug}.pot")

    def po_path(self, locale: str, slug: str) -> Path:
        get_locale(locale)
        return safe_join(self.locales_dir, locale, "LC_MESSAGES", f"{slug}.po")

    def relpath(self, path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    # -- files that cannot be read ------------------------------------------
    def report(self, error: WorkflowError) -> None:
        """Record that the file ``error.path`` cannot be read (it is skipped; the command exits 1)."""
        key = str(Path(error.path).resolve()) if error.path else error.message
        self.problems[key] = error

    def readable(self, path: str | Path) -> None:
        """Forget a problem recorded for ``path`` (it was read successfully since)."""
        if self.problems:
            self.problems.pop(str(Path(path).resolve()), None)

    def is_broken(self, path: str | Path) -> bool:
        """Whether a problem is recorded for ``path``."""
        return bool(self.problems) and str(Path(path).resolve()) in self.problems

    def broken_files(self) -> list[WorkflowError]:
        """The problems recorded for files that still exist (``path:line: problem``), in path order."""
        return sorted((e for e in self.problems.values() if not e.path or Path(e.path).exists()),
                      key=lambda e: (e.path or "", e.line or 0))

    # -- content -----------------------------------------------------------
    @property
    def source_language(self) -> str:
        return self.config.source_language

    @property
    def target_locales(self) -> list[str]:
        """Targets of releases in the default ``source_language`` (older view; see :meth:`targets_of`)."""
        return self.config.target_locales

    @property
    def locales(self) -> list[str]:
        """The site's languages: ``[workspace] locales``."""
        return self.config.locales

    def targets_of(self, lang: str) -> list[str]:
        """The locales a release written in ``lang`` is translated into (the site's languages but ``lang``)."""
        return self.config.targets_of(lang)

    def release_files(self) -> list[Path]:
        if not self.releases_dir.is_dir():
            return []
        return sorted(self.releases_dir.glob("*.md"))

    @cached_property
    def _release_cache(self) -> dict[Path, tuple[int, int, Release]]:
        return {}

    def load_release(self, path: Path, *, listed: bool = False) -> Release:
        """Load a release file (memoised per process on size and mtime).

        ``listed``: ``path`` is a name :meth:`release_files` listed (a resolved folder's
        entry), so it is already its own resolved path unless it is a symlink: one
        ``lstat`` instead of resolving it component by component (a build loads every release).
        """
        stat = os.lstat(path) if listed else None
        if stat is not None and not S_ISLNK(stat.st_mode):
            path = Path(path)
        else:
            path = Path(path).resolve()
            stat = path.stat()
        cached = self._release_cache.get(path)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        release = load_release(path, default_lang=self.source_language)
        self._release_cache[path] = (stat.st_mtime_ns, stat.st_size, release)
        return release

    def releases(self) -> list[Release]:
        """Every release that can be read; one that cannot, or that reuses the slug of an
        earlier file, is recorded with :meth:`report` and left out."""
        seen: dict[str, Path] = {}
        out = []
        for path in self.release_files():
            try:
                release = self.load_release(path)
            except ReleaseError as exc:
                self.report(exc)
                continue
            if release.slug in seen:
                self.report(duplicate_slug(release.slug, path, self.relpath(seen[release.slug])))
                continue
            self.readable(path)
            seen[release.slug] = path
            out.append(release)
        return out

    def select_releases(self, selectors: list[str] | tuple[str, ...] = ()) -> list[Release]:
        """Releases named by slug or file path; all releases when ``selectors`` is empty."""
        releases = self.releases()
        if not selectors:
            return releases
        by_slug = {r.slug: r for r in releases}
        by_path = {r.path.resolve(): r for r in releases}
        chosen: list[Release] = []
        for sel in selectors:
            release = by_slug.get(sel) or by_path.get(Path(sel).resolve())
            if release is None:
                if Path(sel).is_file():
                    release = self.load_release(Path(sel))
                else:
                    raise self.broken_release(sel) or ReleaseError(
                        f"no release {sel!r} in this workspace (known: {', '.join(sorted(by_slug)) or 'none'})")
            if release not in chosen:
                chosen.append(release)
        return chosen

    def broken_release(self, selector: str) -> WorkflowError | None:
        """The reported problem of the release file ``selector`` names (its path, or a slug its
        ``[<date>-]<slug>.md`` name ends with) when that file could not be read; else None."""
        folder = self.releases_dir.resolve()
        for problem in self.broken_files():
            path = Path(problem.path or "").resolve()
            if path.parent == folder and (path == Path(selector).resolve() or path.stem == selector
                                          or path.stem.endswith(f"-{selector}")):
                return problem
        return None

    def select_locales(self, locales: list[str] | tuple[str, ...] = ()) -> list[str]:
        """``locales`` checked against the site's languages (all of them when empty).

        A release is never translated into its own language: callers pair these
        with each release's :meth:`targets_of`.
        """
        if not locales:
            return self.locales
        locales = [_our_spelling(code) for code in locales]   # ko_KR, TH, tl: our codes
        for code in locales:
            get_locale(code)
            if code not in self.locales:
                raise LocaleError(f"locale {code!r} is not one of this site's languages "
                                  f"([workspace] locales: {', '.join(self.locales)})")
        return list(locales)


def duplicate_slug(slug: str, path: Path, first: str) -> ReleaseError:
    """The error for a release file whose slug an earlier file (``first``, relative) already has."""
    return ReleaseError(f"slug {slug!r} is already used by {first}; this release is skipped "
                        "(give it another slug)", path, 1)


def _our_spelling(code: str) -> str:
    """``code`` as one of our locale codes (aliases allowed); unknown codes raise get_locale's error."""
    try:
        return canonical_locale(code)
    except LocaleError:
        get_locale(code)
        raise
