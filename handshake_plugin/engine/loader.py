"""Which engine loads a journal's config for the CLI: MkDocs 1.6 when it is installed, else ProperDocs.

The plugin's modules import `mkdocs.*`. Under ProperDocs (the maintained fork of MkDocs 1.x) those
names are ProperDocs' own modules: `properdocs.replacement` redirects them, as the `properdocs`
command does when it starts. So the CLI needs whichever of the two is installed, never both; where
both are, `mkdocs` is the real MkDocs and loads the config (the plugin's classes are its classes).

Standard library only until `engine()` is called: `handshake status` reads a plain config without either.
"""

from __future__ import annotations

import importlib.util

from ..core.problems import InputError

NAMES = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}
"""An engine's command (and module) to its name in prose."""


class NoEngine(InputError):
    """Neither MkDocs nor ProperDocs is installed."""


def engine() -> str:
    """The engine that `import mkdocs.*` now reaches, "mkdocs" or "properdocs", making that so for ProperDocs
    when MkDocs is not installed. NoEngine when neither is."""
    try:
        import mkdocs
    except ImportError:
        try:
            import properdocs.replacement  # noqa: F401 - redirects mkdocs.* to properdocs.*
        except ImportError:
            raise NoEngine("neither MkDocs nor ProperDocs is installed: pip install properdocs "
                           "(the maintained fork of MkDocs 1.x), or pip install 'mkdocs>=1.6,<2'") from None
        return "properdocs"
    return "properdocs" if mkdocs.__name__ == "properdocs" else "mkdocs"


def installed_engine() -> str | None:
    """The engine a build here would use, without importing it: "mkdocs", "properdocs" or None."""
    for name in NAMES:
        try:
            if importlib.util.find_spec(name) is not None:
                return name
        except (ImportError, ValueError):
            continue
    return None


def expected_engine_text() -> str:
    """What `handshake init` tells about engines: the one installed here, and the other way."""
    here = installed_engine()
    if here == "mkdocs":
        return ("Engine: MkDocs 1.6 (installed here): mkdocs serve. ProperDocs, its maintained fork, builds the same "
                "journal (pip install properdocs; properdocs serve).")
    if here == "properdocs":
        return "Engine: ProperDocs (installed here): properdocs serve. MkDocs 1.6 builds the same journal too."
    return ("Engine: none installed here: pip install properdocs (the maintained fork of MkDocs 1.x) "
            "or 'mkdocs>=1.6,<2', then properdocs serve (or mkdocs serve).")
