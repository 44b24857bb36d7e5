"""The `handshake` command line: the parser and entry point (arguments) and the commands (main).

No logic of its own: each command opens the journal through the pipeline and calls the core, the
renderers or the file writers.

May import: every layer, the engine adapter included (to load a config MkDocs' way when it must).
"""
