"""Moved in 0.2: ``workflow.build`` is now part of ``workflow.publish`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.publish.build``: build_site, render_page
``workflow.publish.manifest``: BuildResult, MANIFEST_VERSION
``workflow.publish.pages``: page_path
``workflow.publish.preview``: preview_server, serve_preview
``workflow.publish.templates``: PACKAGED_TEMPLATES, load_strings, template_env
"""

from workflow.publish.build import (  # noqa: F401
    build_site,
    render_page,
)
from workflow.publish.manifest import (  # noqa: F401
    BuildResult,
    MANIFEST_VERSION,
)
from workflow.publish.pages import (  # noqa: F401
    page_path,
)
from workflow.publish.preview import (  # noqa: F401
    preview_server,
    serve_preview,
)
from workflow.publish.templates import (  # noqa: F401
    PACKAGED_TEMPLATES,
    load_strings,
    template_env,
)

__all__ = [
    "BuildResult",
    "MANIFEST_VERSION",
    "PACKAGED_TEMPLATES",
    "build_site",
    "load_strings",
    "page_path",
    "preview_server",
    "render_page",
    "serve_preview",
    "template_env",
]
