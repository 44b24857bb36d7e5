"""The core: a journal's files to plain data, typed records and the figures (DESIGN.md §9, layers 1–3).

What a person file says (load, model), how a people folder is read (read), what follows from it (analysis,
many), and the small rules everything shares: dates and weeks (calendar), ids and file names (ids), options
(options), finding the journal's config file (journal), words (wording, hints, vocabulary), errors (problems).

May import: the standard library, PyYAML, pydantic and python-slugify, and the core itself. Not MkDocs,
Jinja or Markdown: the core serves any engine and every command, and loads fast for the CLI.
"""
