"""Rendering: pages, charts, the calendar feed and the terminal's texts, from an analysis (layer 4).

pages (the site's pages from Jinja templates in templates/handshake/), each rendered from one value of inputs
(what a page shows, also its cache key), with pieces (the HTML every page shares), fragments (the hub pages'
pieces kept between `mkdocs serve` builds) and kept (all that is kept between builds); people_index (the
People page's tags and columns) and challenge_log (its weeks folded); charts (inline SVG and
the heatmaps' HTML cells), notes (Markdown, sanitized), feed (the .ics calendar), and what the CLI prints: status,
listing, review, commands.

May import: the core, Jinja2, Markdown, nh3, markupsafe, ada-url and icalendar. Not MkDocs: an engine hands
the renderer what it needs (pipeline.Settings).
"""
