"""``pressflow.toml``: the workspace configuration, validated against one schema.

Each feature declares its keys in :data:`SCHEMA` with a type, a default and an
optional check, so a typo or a bad value is reported as ``file:line: key: problem``
instead of being silently ignored.
"""
from __future__ import annotations

import builtins
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.errors import ConfigError, LocaleError
from workflow.fsutil import read_utf8
from workflow.translation.engines import check_engine_names
from workflow.locales import LOCALES, SOURCE_LANGUAGES, get_locale

CONFIG_NAME = "pressflow.toml"

DEFAULT_CHROME = [
    "Go to Content Go to Navigation",
    "Go to Content",
    "Go to Navigation",
    "HOME News & Notice Press Releases",
    "Move to the top of the page",
    "Press Releases",
]


def _locale(value: str) -> str | None:
    try:
        get_locale(value)
    except LocaleError as exc:
        return exc.message
    return None


def _locale_list(value: list) -> str | None:
    for item in value:
        if not isinstance(item, str):
            return f"expected locale codes, got {item!r}"
        if problem := _locale(item):
            return problem
    if len(set(value)) != len(value):
        return "a locale is listed twice"
    return None


def _one_of(*choices: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(map(repr, choices))}, not {value!r}"
    return check


def _at_least(low: float) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value >= low else f"must be at least {low}, not {value!r}"
    return check


def _between(low: float, high: float) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if low <= value <= high else f"must be between {low} and {high}, not {value!r}"
    return check


def _relative_path(value: str) -> str | None:
    path = Path(value)
    if path.is_absolute() or ".." in path.parts:
        return f"must be a folder inside the workspace, not {value!r}"
    return None


def _source_language(value: str) -> str | None:
    return None if value in SOURCE_LANGUAGES else f"must be one of {', '.join(SOURCE_LANGUAGES)}, not {value!r}"


def _terms(value: list) -> str | None:
    for number, term in enumerate(value, 1):
        if not term.strip() or any(ord(c) < 0x20 for c in term):
            return f"item {number}: a term must be non-empty text on one line, not {term!r}"
    return None


def _locale_map(value: dict) -> str | None:
    for key in value:
        if problem := _locale(key):
            return problem
    return None


def _relay_map(value: dict) -> str | None:
    for key, lang in value.items():
        if problem := _locale(key):
            return problem
        if not isinstance(lang, str):
            return f"{key}: expected a locale code, got {lang!r}"
        if problem := _locale(lang):
            return f"{key}: {problem}"
        if lang == key:
            return f"{key}: a language cannot relay through itself"
    return None


def relay_language(translate: dict[str, Any], source: str, target: str) -> str | None:
    """The approved version a ``target`` draft of a ``source``-language release is made from.

    ``[translate] relay_targets`` (by target) wins over ``relay`` (by source); None
    means: from the release's source itself (also when the relay would be the
    source, or the target itself).
    """
    by_target = translate.get("relay_targets", {}).get(target)
    if by_target is not None:
        return None if by_target in (source, target) else by_target
    by_source = translate.get("relay", {}).get(source)
    return None if by_source in (None, source, target) else by_source


def _relay_problem(values: dict[str, dict[str, Any]]) -> tuple[str, str] | None:
    """(key, problem) when a relay language is not a site language, or relays form a cycle."""
    site = values["workspace"]["locales"]
    translate = values["translate"]
    for key in ("relay", "relay_targets"):
        for name, lang in translate[key].items():
            if lang not in site:
                return key, (f"{name} = {lang!r}: {lang!r} is not one of the site's languages "
                             f"([workspace] locales: {', '.join(site)})")
    for source in dict.fromkeys([*site, *LOCALES]):
        for target in site:
            chain = [target]
            while (step := relay_language(translate, source, chain[-1])) is not None:
                if step in chain:
                    waits = " and ".join(f"{a} waits for {b}" for a, b in zip(chain, [*chain[1:], step]))
                    key = "relay_targets" if translate["relay_targets"] else "relay"
                    return key, f"a cycle: for {source} releases, {waits}; nothing could ever be drafted"
                chain.append(step)
    return None


def _host_list(value: list) -> str | None:
    for item in value:
        if not isinstance(item, str) or not item.strip() or any(c in item for c in "/\\@ :") and item != "::1":
            if isinstance(item, str) and item.count(":") >= 2 and not any(c in item for c in "/\\@ []"):
                continue  # an IPv6 address
            return f"expected host names like \"review.example.org\" (no scheme, port or path), got {item!r}"
    return None


def _network_list(value: list) -> str | None:
    import ipaddress

    for item in value:
        try:
            ipaddress.ip_network(str(item), strict=False)
        except ValueError:
            return f"expected IP addresses or networks like \"127.0.0.1\" or \"10.0.0.0/8\", got {item!r}"
        if not isinstance(item, str):
            return f"expected IP addresses as strings, got {item!r}"
    return None


@dataclass(frozen=True)
class Key:
    """One config key: its type (and, for a list or table, the type of its items), default, check, doc."""

    type: type | tuple[type, ...]
    default: Any
    check: Callable[[Any], str | None] | None = None
    doc: str = ""
    item: builtins.type | None = None  # type of each list item / table value; str for every list and table here

    def problem(self, value: Any) -> str | None:
        """What is wrong with ``value`` (type, item types, then the check), or None."""
        if (isinstance(value, bool) and self.type is not bool) or not isinstance(value, self.type):
            return f"expected {_type_name(self.type)}, got {_shown(value)}"
        if self.item is not None:
            items: list[tuple[object, object]] = (
                list(value.items()) if isinstance(value, dict)
                else list(enumerate(value, 1)) if isinstance(value, list) else [])
            for where, item in items:
                if isinstance(item, bool) or not isinstance(item, self.item):
                    label = f"value of {where!r}" if isinstance(value, dict) else f"item {where}"
                    return f"{label}: expected {_type_name(self.item)}, got {_shown(item)}"
        return self.check(value) if self.check else None


def _type_name(kind: type | tuple[type, ...]) -> str:
    return " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))


def _shown(value: Any) -> str:
    """A value as TOML-ish text, cut to 60 characters (a config value can be huge)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


SCHEMA: dict[str, dict[str, Key]] = {
    "workspace": {
        "name": Key(str, "Press releases", doc="site name shown on pages"),
        "source_language": Key(str, "en", _source_language,
                               "language of releases whose front matter names none (`lang`)"),
        "locales": Key(list, list(LOCALES), _locale_list,
                       "the site's languages; each release is translated into all but its own", item=str),
        "target_locales": Key(list, [c for c in LOCALES if c != "en"], _locale_list,
                              "older form of `locales`: the site is `source_language` plus these", item=str),
        "segmentation": Key(str, "sentence", _one_of("sentence", "paragraph"), "unit size"),
        "base_url": Key(str, "https://example.org/", None, "public URL of the published site"),
    },
    "paths": {
        "releases": Key(str, "releases", _relative_path),
        "locales": Key(str, "locales", _relative_path),
        "templates": Key(str, "templates", _relative_path),
        "output": Key(str, "site", _relative_path),
        "preview": Key(str, "site-preview", _relative_path),
        "published": Key(str, "published", _relative_path),
    },
    "import": {
        "chrome": Key(list, DEFAULT_CHROME, None, "page-chrome lines dropped by `pressflow import`", item=str),
    },
    "translate": {
        # Engine names are checked against the engine registry (a leaf module: engines load on first use).
        "chain": Key(list, ["memory"], check_engine_names,
                     "engines tried in order for each unit", item=str),
        "fallback": Key(dict, {}, lambda v: _locale_map(v) or check_engine_names(v),
                        "per-locale fallback engine, e.g. {km = \"google\"}", item=str),
        "pivot": Key(str, "en", _locale, "pivot language for pairs an engine lacks"),
        "relay": Key(dict, {}, _relay_map,
                     "by source language: draft the other targets from this approved version, e.g. {ko = \"en\"}"),
        "relay_targets": Key(dict, {}, _relay_map,
                             "by target: draft it from this approved version, whatever the original, "
                             "e.g. {ms = \"id\"}"),
        "workers": Key(int, 8, _at_least(1), "concurrent requests"),
        "rate_limit": Key((int, float), 0, _at_least(0), "max requests per second per engine (0 = unlimited)"),
        "timeout": Key((int, float), 15, _at_least(0.1), "seconds before a request is abandoned"),
        "retries": Key(int, 3, _at_least(0), "retries on 429, 5xx, timeouts and dropped connections"),
        "backoff": Key((int, float), 0.5, _at_least(0), "first retry delay in seconds (doubles each retry)"),
        "max_wait": Key((int, float), 60, _at_least(0), "longest wait honoured for a Retry-After header"),
        "do_not_translate": Key(list, [], _terms, "terms never sent to or changed by MT", item=str),
        "libre_url": Key(str, "", None, "LibreTranslate server URL (or $PRESSFLOW_LIBRE_URL)"),
        "google_url": Key(str, "", None, "other base URL for the google engine's page (or $PRESSFLOW_GOOGLE_URL)"),
        "microsoft_region": Key(str, "", None, "Azure region of the Microsoft key (or $MICROSOFT_REGION)"),
        "libre_batch_size": Key(int, 0, _at_least(0), "most texts per LibreTranslate request (0 = 50; lower it for a server started with a smaller --batch-limit)"),
        "deepl_url": Key(str, "", None, "other base URL for the DeepL API, ending in /v2/ (or $PRESSFLOW_DEEPL_URL)"),
        "microsoft_url": Key(str, "", None, "other URL for Microsoft's translate endpoint (or $PRESSFLOW_MICROSOFT_URL)"),
    },
    "review": {
        "reviewer": Key(str, "", None, "default reviewer name (else git user.name)"),
    },
    "build": {
        "publish_threshold": Key((int, float), 1.0, _between(0.0, 1.0), "share of approved units needed to publish"),
        "preview_port": Key(int, 8001, _between(0, 65535), "port of `pressflow build --preview --serve` (127.0.0.1)"),
    },
    "memory": {
        "threshold": Key(int, 75, _between(0, 100), "minimum fuzzy-match score"),
        "folder": Key(str, "memory", _relative_path, "imported TMX files (committed; the index is rebuilt from them)"),
    },
    "serve": {
        "host": Key(str, "127.0.0.1", None, "address the review web app binds to"),
        "port": Key(int, 8000, _between(1, 65535), "port of the review web app"),
        "session_hours": Key((int, float), 12, _between(0.1, 24 * 30), "how long a web app login lasts"),
        "login_attempts": Key(int, 5, _between(1, 1000), "failed login attempts per user name per minute (any address)"),
        "login_attempts_per_address": Key(int, 20, _between(1, 10000),
                                          "failed login attempts per client address per minute (any user name)"),
        "allowed_hosts": Key(list, ["localhost", "127.0.0.1", "::1"], _host_list,
                             "host names the web app and the preview answer to (others get 400)"),
        "https": Key(bool, False, None, "the app is reached over HTTPS: session cookies are marked Secure"),
        "trusted_proxies": Key(list, [], _network_list,
                               "addresses of reverse proxies whose X-Forwarded-For/-Proto are believed"),
    },
}


@dataclass
class Config:
    """Validated configuration: ``config["translate"]["workers"]``."""

    path: Path | None
    values: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.values[section]

    @property
    def source_language(self) -> str:
        return self.values["workspace"]["source_language"]

    @property
    def locales(self) -> list[str]:
        """The site's languages (``[workspace] locales``)."""
        return list(self.values["workspace"]["locales"])

    @property
    def target_locales(self) -> list[str]:
        """The targets of releases in ``source_language`` (the site's languages but that one)."""
        return self.targets_of(self.source_language)

    def targets_of(self, lang: str) -> list[str]:
        """The locales a release written in ``lang`` is translated into: the site's languages but ``lang``."""
        return [c for c in self.values["workspace"]["locales"] if c != lang]

    def relay_language(self, source: str, target: str) -> str | None:
        """See :func:`relay_language`."""
        return relay_language(self.values["translate"], source, target)

    @property
    def segmentation(self) -> str:
        return self.values["workspace"]["segmentation"]


def _line_of(text: str, section: str, key: str | None) -> int | None:
    lines = text.splitlines()
    in_section = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.strip("[] ") == section
            if in_section and key is None:
                return number
            continue
        if in_section and key is not None and re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return number
    return None


def defaults() -> dict[str, dict[str, Any]]:
    return {section: {k: _copy(v.default) for k, v in keys.items()} for section, keys in SCHEMA.items()}


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


MAX_DEPTH = 32  # arrays / inline tables; the schema needs 2, tomllib recurses once per level


def _too_deep(text: str) -> int | None:
    """The line where ``[``/``{`` nesting outside strings and comments passes :data:`MAX_DEPTH`, or None."""
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end == -1 else end
            continue
        elif c in "\"'":
            quote = text[i:i + 3] if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if c == '"' and text[j] == "\\":
                    j += 1
                elif len(quote) == 1 and text[j] == "\n":
                    break  # an unterminated string: tomllib reports it
                j += 1
            line += text.count("\n", i, j)
            i = j + len(quote)
            continue
        elif c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif c in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return None


def parse_config(text: str, path: str | Path = CONFIG_NAME) -> Config:
    """Parse and validate config text; errors are ``path:line: section.key: problem``."""
    path = Path(path)
    if deep := _too_deep(text):
        raise ConfigError(f"arrays or inline tables nested more than {MAX_DEPTH} deep", path, deep)
    try:
        data = tomllib.loads(text)
    except RecursionError:  # _too_deep should have caught it; never a traceback
        raise ConfigError(f"arrays or inline tables nested more than {MAX_DEPTH} deep", path) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(f"invalid TOML: {message}", path, line) from None
    values = defaults()
    for section, table in data.items():
        if section not in SCHEMA:
            raise ConfigError(
                f"unknown section [{section}]; valid sections: {', '.join(SCHEMA)}",
                path, _line_of(text, section, None),
            )
        if not isinstance(table, dict):
            raise ConfigError(f"{section}: must be a table", path, None)
        for key, value in table.items():
            spec = SCHEMA[section].get(key)
            line = _line_of(text, section, key)
            if spec is None:
                raise ConfigError(
                    f"{section}.{key}: unknown key; valid keys: {', '.join(SCHEMA[section])}", path, line
                )
            if problem := spec.problem(value):
                raise ConfigError(f"{section}.{key}: {problem}", path, line)
            values[section][key] = value
    workspace = values["workspace"]
    given = data.get("workspace", {})
    if "target_locales" in given:
        if "locales" in given:
            raise ConfigError(
                "workspace.target_locales: give `locales` (the site's languages) or the older "
                "`target_locales`, not both", path, _line_of(text, "workspace", "target_locales"),
            )
        # The older form: releases in source_language, translated into these.
        workspace["locales"] = list(dict.fromkeys([workspace["source_language"], *workspace["target_locales"]]))
    relay_problem = _relay_problem(values)
    if relay_problem is not None:
        relay_key, message = relay_problem
        raise ConfigError(f"translate.{relay_key}: {message}", path, _line_of(text, "translate", relay_key))
    return Config(path=path, values=values)


def load_config(path: str | Path) -> Config:
    text = read_utf8(path, ConfigError, missing="no such file (run `pressflow init` to create a workspace)")
    return parse_config(text, path)
