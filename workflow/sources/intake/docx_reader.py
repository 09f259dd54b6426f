"""Word ``.docx`` files: mammoth turns the document's paragraphs, headings, lists and tables into HTML."""
from __future__ import annotations

import io
import zipfile

from lxml import html as lxml_html

from workflow.errors import ReleaseError
from workflow.sources.intake.html_reader import html_lines
from workflow.sources.intake.model import Document

# Word's built-in styles mammoth does not map by default.
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => h2:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
"""


def read_docx(data: bytes, path: str) -> Document:
    """Read a Word file. Raises :class:`ReleaseError` when it is not a .docx (Word 2007+) file."""
    import mammoth  # deferred: only Word imports need it

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReleaseError("not a Word .docx file (save it as .docx; .doc and .hwp are not read)", path)
    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP)
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ReleaseError(f"not a readable Word .docx file ({exc})", path) from None
    doc = Document(path=path, format="docx")
    if result.value.strip():
        root = lxml_html.fromstring(f"<div>{result.value}</div>")
        doc.lines = html_lines(root)
        for heading in root.iter("h1"):
            doc.meta["title_candidates"] = [" ".join(heading.text_content().split())]
            break
    doc.page_text = "\n".join(line.text for line in doc.lines)
    return doc
