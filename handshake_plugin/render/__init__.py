"""Rendering: pages, charts, the calendar feed and the terminal's texts, from an analysis (layer 4).

pages (the site's pages from Jinja templates in templates/handshake/), charts (inline SVG), notes (Markdown,
sanitized), feed (the .ics calendar), and what the CLI prints: status, listing, review, commands.

May import: the core, Jinja2, Markdown, nh3, markupsafe, ada-url and icalendar. Not MkDocs: an engine hands
the renderer what it needs (pipeline.Settings).
"""
