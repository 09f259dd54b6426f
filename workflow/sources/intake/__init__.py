"""Intake: reading source releases in every format pressflow imports (see :mod:`workflow.sources.importer`).

One module per input format (``text_reader``, ``markdown_reader``, ``html_reader``,
``docx_reader``) produces a :class:`~workflow.sources.intake.model.Document`; the
shared steps live in ``chrome`` (page chrome), ``dates``, ``language``, ``slugs``,
``analyze`` (headline, subtitles, date, dateline, body) and ``history`` (re-imports
and chrome learned from earlier imports).
"""
