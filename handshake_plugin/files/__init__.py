"""Files the CLI writes: edits in place, imports, new journals and people, the Markdown export, publishing.

Every write goes through atomic (staged, proven, locked, whole or nothing); edit proves every change by
reading it back. spans locates nodes in YAML text for edits that keep every other byte.

May import: the core, the renderers and the pipeline (export builds the site), and file-format libraries
(icalendar, vobject). Not the adapters: the CLI calls these, never the other way round.
"""
