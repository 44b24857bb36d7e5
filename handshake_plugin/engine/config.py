"""The plugin's options as MkDocs config classes, made from their one declaration (`core.options.OPTIONS`).

Each option's reader turns the written value into the typed value the core uses (a Monday for
`challenge.start`, a frozen set of Mondays for `challenge.pauses`) or says what to write instead;
MkDocs adds where. `plugin_options` gathers the values; `site_settings` turns an engine config into
the pipeline's settings, for the plugin, `export-md` and the benchmark alike.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from ..core.hints import did_you_mean
from ..core.options import GROUPS, OPTIONS, Option, PluginOptions, copy_default
from ..core.problems import InputError
from ..pipeline import JournalFiles, Settings
from .loader import engine

engine()  # with ProperDocs and no MkDocs, `mkdocs.*` must lead to ProperDocs before the imports below

from mkdocs.config import base  # noqa: E402
from mkdocs.config import config_options as c  # noqa: E402


class _Declared(c.BaseConfigOption[Any]):
    """One declared option: MkDocs runs its reader."""

    def __init__(self, option: Option) -> None:
        super().__init__()
        self.option = option
        self.default = copy_default(option.default)

    def run_validation(self, value: object) -> Any:
        try:
            return self.option.read(value)
        except (InputError, ValueError) as exc:
            raise base.ValidationError(str(exc)) from None


class _Hinted(base.Config):
    """A config whose unknown keys get a "did you mean" (they stay warnings, as MkDocs makes them)."""

    def _validate(self) -> tuple[Any, Any]:
        failed, warnings = super()._validate()
        return failed, [(key, _unknown(key, message, self._schema_keys)) for key, message in warnings]


def _unknown(key: str, message: str, known: set[str]) -> str:
    if not message.startswith("Unrecognised configuration name"):
        return message
    hint = did_you_mean(key, known).rstrip()
    return f"unknown option '{key}' is ignored: " + (hint or f"known options are {', '.join(sorted(known))}")


def _config_class(name: str, doc: str, group: str) -> type[_Hinted]:
    """A config class of the options of `group` ("" for the top level), with a sub-config per group below it."""
    fields: dict[str, Any] = {o.key: _Declared(o) for o in OPTIONS if o.group == group}
    if not group:
        fields.update({key: c.SubConfig(_config_class(f"{key.title().replace('_', '')}Config", text, key))
                       for key, text in GROUPS.items()})
    return type(name, (_Hinted,), {"__doc__": doc, **fields})


HandshakeConfig = _config_class("HandshakeConfig", "Options of the `handshake` plugin in mkdocs.yml.", "")
"""The MkDocs config class of the `handshake` entry."""


def plugin_options(cfg: base.Config) -> PluginOptions:
    """The validated plugin config as typed values."""
    values = {}
    for option in OPTIONS:
        holder = cfg[option.group] if option.group else cfg
        values[option.name] = holder[option.key]
    return PluginOptions.from_values(values)


def site_settings(config: Any, options: PluginOptions, docs: Mapping[str, Callable[[], str]],
                  files: Collection[str] = (), **extra: Any) -> Settings:
    """The pipeline's settings from an engine's config (`MkDocsConfig`) and the plugin's options."""
    return Settings(JournalFiles(Path(config.config_file_path), options.people_dir), docs, files=files,
                    site_name=config.site_name, custom_dir=config.theme.custom_dir,
                    markdown_extensions=config.markdown_extensions, mdx_configs=config.mdx_configs,
                    directory_urls=config.use_directory_urls, show_contact=options.show_contact, **extra)
