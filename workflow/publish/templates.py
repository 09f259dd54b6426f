"""Templates of the static site: the Jinja2 environment (workspace templates over
the packaged defaults, file by file), the interface strings, the static assets."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jinja2
import markupsafe

from workflow.errors import BuildError
from workflow.locales import LOCALES
from workflow.workspace import Workspace

PACKAGED_TEMPLATES = Path(__file__).parent / "default_templates"

#: The Content-Security-Policy of every built page (a ``<meta>`` tag in base.html, so it
#: holds on any static host): no script at all, only the site's own styles, images and fonts.
SITE_CSP = ("default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'none'")


def template_env(ws: Workspace) -> jinja2.Environment:
    """Workspace templates first, packaged defaults second, file by file; autoescape on."""
    loaders: list[jinja2.BaseLoader] = []
    if ws.templates_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(ws.templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(PACKAGED_TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # every template, HTML and XML: translations are untrusted
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # One environment per build (or page): templates cannot change meanwhile, so
        # no stat of the template file on every {% include %}.
        auto_reload=False,
    )
    env.globals["csp"] = markupsafe.Markup(SITE_CSP)  # no quote or markup in it: shown as written
    return env


def template_files(ws: Workspace) -> dict[str, Path]:
    """Every template/asset name → the file that wins (workspace over packaged)."""
    files: dict[str, Path] = {}
    for base in (PACKAGED_TEMPLATES, ws.templates_dir):
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    files[path.relative_to(base).as_posix()] = path
    return files


def template_error(exc: jinja2.TemplateError) -> BuildError:
    """A template's syntax or rendering error as a BuildError naming the template file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return BuildError(f"template error: {exc.message}", exc.filename or exc.name, exc.lineno)
    # Jinja2 rewrites tracebacks so template frames carry the template's file and line.
    path = line = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml")):
            path, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return BuildError(f"template error: {exc}", path, line)


def load_strings(env: jinja2.Environment) -> dict[str, dict[str, str]]:
    """Interface strings per locale (``strings.json``, overridable like a template)."""
    try:
        text, filename, _ = env.loader.get_source(env, "strings.json")  # type: ignore[union-attr]
    except jinja2.TemplateNotFound:
        raise BuildError("strings.json is missing from the templates") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BuildError(f"invalid JSON: {exc.msg}", filename, exc.lineno) from None
    english = data.get("en", {})
    return {code: {**english, **data.get(code, {})} for code in LOCALES}


def static_files(template_files: dict[str, Path]) -> dict[str, bytes]:
    """``static/<name>`` output name → bytes, for every asset under the templates' ``static/``."""
    return {
        f"static/{name[len('static/'):]}": path.read_bytes()
        for name, path in template_files.items() if name.startswith("static/")
    }


def asset_version(static: dict[str, bytes]) -> str:
    """A short hash of every asset (``?v=`` in the pages, so browsers reload a changed theme)."""
    return hashlib.sha256(b"".join(static[k] for k in sorted(static))).hexdigest()[:10]
