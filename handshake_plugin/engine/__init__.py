"""The MkDocs (or ProperDocs) adapter: the plugin, its config classes, and loading a config through the engine.

plugin turns the pipeline's pages and files into MkDocs files and keeps them between `mkdocs serve` saves;
config makes MkDocs' config classes from the one declaration of the options (core.options); loader loads a
config through whichever engine is installed. No logic of its own.

May import: every layer below (core, render, pipeline, files) and MkDocs or ProperDocs.
"""
