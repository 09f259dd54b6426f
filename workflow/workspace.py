"""The workspace: a newsroom folder with ``pressflow.toml``, releases, catalogs and templates."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from workflow.config import CONFIG_NAME, Config, load_config
from workflow.errors import ConfigError, ReleaseError
from workflow.fsutil import safe_join
from workflow.locales import get_locale
from workflow.sources.releases import Release, load_release

STATE_DIR = ".pressflow"  # caches and indexes; deleting it loses nothing


@dataclass
class Workspace:
    root: Path
    config: Config

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
        raise ConfigError(
            f"no {CONFIG_NAME} in {here} or any parent folder "
            "(run `pressflow init DIR` to create a workspace, or pass --workspace)"
        )

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

    def load_release(self, path: Path) -> Release:
        """Load a release file (memoised per process on size and mtime)."""
        path = Path(path).resolve()
        stat = path.stat()
        cached = self._release_cache.get(path)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        release = load_release(path, default_lang=self.source_language)
        self._release_cache[path] = (stat.st_mtime_ns, stat.st_size, release)
        return release

    def releases(self) -> list[Release]:
        """All releases, checked for duplicate slugs."""
        seen: dict[str, Path] = {}
        out = []
        for path in self.release_files():
            release = self.load_release(path)
            if release.slug in seen:
                raise ReleaseError(
                    f"slug {release.slug!r} is already used by {self.relpath(seen[release.slug])}", path, 1
                )
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
                    known = ", ".join(sorted(by_slug)) or "none"
                    raise ReleaseError(f"no release {sel!r} in this workspace (known: {known})")
            if release not in chosen:
                chosen.append(release)
        return chosen

    def select_locales(self, locales: list[str] | tuple[str, ...] = ()) -> list[str]:
        """``locales`` checked against the site's languages (all of them when empty).

        A release is never translated into its own language: callers pair these
        with each release's :meth:`targets_of`.
        """
        if not locales:
            return self.locales
        for code in locales:
            get_locale(code)
            if code not in self.locales:
                raise ConfigError(
                    f"locale {code!r} is not one of this site's languages "
                    f"([workspace] locales: {', '.join(self.locales)})",
                    self.config.path,
                )
        return list(locales)
