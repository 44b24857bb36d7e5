"""Rendering: pages, charts, the calendar feed and the terminal's texts, from an analysis (layer 4).

pages (the site's pages from Jinja templates in templates/handshake/) with the pieces of two of them:
people_index (the People page's tags and columns) and challenge_log (its weeks folded); charts (inline SVG and
the heatmaps' HTML cells), notes (Markdown, sanitized), feed (the .ics calendar), and what the CLI prints: status,
listing, review, commands.

May import: the core, Jinja2, Markdown, nh3, markupsafe, ada-url and icalendar. Not MkDocs: an engine hands
the renderer what it needs (pipeline.Settings).
"""
