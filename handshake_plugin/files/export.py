"""`handshake export-md DIR`: the whole site as plain Markdown files that build without the plugin.

DIR gets the journal's docs (week notes with their header), one Markdown file per generated page
(front matter with the escaped title, and `search: exclude` for hub pages; the rendered HTML as the
body), the stylesheet, the calendar feed and robots.txt, and a copy of mkdocs.yml without the
handshake plugin, with person pages kept out of the navigation. Engines without plugins build it:
MkDocs 1.6, ProperDocs, Zensical (the bridge to MkDocs 2 and Material's successor).

Links between pages in that HTML: engines disagree on relative links in raw HTML (MkDocs keeps them
as written, relative to the page's URL; Zensical reads them from the source file's folder and adds a
`../` to each), so with a `site_url` they start from its path (`/journal/people/ada/`), which every
engine keeps, and the site works under that sub-path whichever engine builds it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.journal import shown
from ..core.load import compose
from ..core.problems import HandshakeError
from ..pipeline import CSS_URI, ROBOTS_META, Site
from .atomic import require_new_folder
from .spans import key_value, line_end, line_start, text_end

NOINDEX_TEMPLATE = ('{% extends "base.html" %}\n'
                    "{% block extrahead %}{{ super() }}" + ROBOTS_META + "{% endblock %}\n")


class ExportError(HandshakeError):
    """The export cannot be written as asked."""


@dataclass
class Journal:
    """Where a journal's files are: its mkdocs.yml text, docs folder and theme overrides."""

    config_file: Path
    docs_dir: Path
    custom_dir: Path | None
    site_dir: Path | None = None


def site_root(site_url: str | None) -> str | None:
    """The path the site is served under, from its `site_url` (`https://host/journal` → `/journal/`); None
    without one."""
    if not site_url:
        return None
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def export_markdown(journal: Journal, site: Site, target: Path) -> list[Path]:
    """Write the export of a built `site` into `target` (new or empty); returns the files written."""
    _not_inside(target, journal)
    # Everything that can be refused is refused before anything is written.
    root = journal.config_file.parent
    docs_rel = _inside(journal.docs_dir, root, "docs_dir")
    custom_rel = _inside(journal.custom_dir, root, "theme.custom_dir") if journal.custom_dir else None
    if custom_rel is not None and docs_rel.is_relative_to(custom_rel):
        raise ExportError(f"theme.custom_dir {journal.custom_dir} holds the docs_dir {journal.docs_dir}: keep the "
                          "theme overrides in a folder of their own, e.g. overrides/ beside docs/")
    # The export's own overrides (noindex), when the journal has none, in a folder the docs do not use.
    overrides = "overrides" if docs_rel.parts[:1] != ("overrides",) else "noindex-overrides"
    config_text = _exported_config(journal, overrides)
    # A generated file must never replace one of the user's pages.
    clashes = sorted(uri for uri in [*site.pages, *site.extras] if (journal.docs_dir / uri).exists())
    if clashes:
        raise ExportError(f"{', '.join(clashes)} in {journal.docs_dir} would be replaced by the generated "
                          "page of the same name: rename yours, then export again")
    require_new_folder(target)
    try:
        written = _write_docs(journal.docs_dir, site, target / docs_rel)
        if custom_rel is None:
            (target / overrides).mkdir()
            (target / overrides / "main.html").write_text(NOINDEX_TEMPLATE, encoding="utf-8")
        elif not custom_rel.is_relative_to(docs_rel):  # overrides inside the docs came with them
            shutil.copytree(root / custom_rel, target / custom_rel)
        config = target / exported_config_name(journal.config_file.name)
        config.write_text(config_text, encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"{exc.filename or target}: {exc.strerror or exc}: the export stopped there") from None
    return [*written, config]


def exported_config_name(name: str) -> str:
    """The export's config file name: the journal's, but mkdocs.yml for a properdocs.yml, which MkDocs and Zensical
    do not read (ProperDocs reads mkdocs.yml too)."""
    stem, _, suffix = name.rpartition(".")
    return f"mkdocs.{suffix}" if stem == "properdocs" else name


def _write_docs(docs_dir: Path, site: Site, docs: Path) -> list[Path]:
    """The journal's docs copied, then every generated page and extra file written beside them."""
    shutil.copytree(docs_dir, docs, ignore=shutil.ignore_patterns(".*"))
    _with_week_note_headers(docs, site)
    written = []
    for page in site.pages.values():
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        title = json.dumps(page.title_html, ensure_ascii=False)
        # Material's search plugin and Zensical read this; hub pages only repeat what person pages hold.
        search = "" if page.searchable else "search:\n  exclude: true\n"
        body = page.render()
        path.write_text(f"---\ntitle: {title}\n{search}---\n\n<div class=\"handshake\">\n{body}\n</div>\n",
                        encoding="utf-8")
        written.append(path)
    for name, content in site.extras.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


_FRONT_MATTER = re.compile(r"-{3}[ \t]*\n.*?\n(?:-{3}|\.{3})[ \t]*(?:\n|$)", re.DOTALL)
_TITLE = re.compile(r"[ \t]*\n*(?:#[ \t][^\n]*|[^\n]+\n=+[ \t]*)(?:\n|$)")


def with_header(markdown: str, header: str) -> str:
    """A Markdown page with an HTML `header` under its title (after its front matter and a leading `# Title`),
    as the plugin shows a week note's header under the title of its HTML."""
    front = _FRONT_MATTER.match(markdown)
    at = front.end() if front else 0
    title = _TITLE.match(markdown, at)
    at = title.end() if title else at
    # No blank line inside: every Markdown parser takes the block of HTML whole.
    block = "\n".join(line for line in header.splitlines() if line.strip())
    return markdown[:at].rstrip("\n") + ("\n\n" if markdown[:at].strip() else "") + block + "\n\n" + \
        markdown[at:].lstrip("\n")


def _with_week_note_headers(docs: Path, site: Site) -> None:
    """The copied week notes given the header the plugin shows under their title."""
    renderer = site.renderer
    if renderer is None:
        return
    for uri in sorted(renderer.week_notes.values()):
        header = str(renderer.week_note_header(uri))
        path = docs / uri
        if header and path.is_file():
            path.write_text(with_header(path.read_text(encoding="utf-8"), header), encoding="utf-8")


def _exported_config(journal: Journal, overrides: str) -> str:
    """The export's mkdocs.yml: the journal's, without the plugin, with the stylesheet, the person pages out of
    the navigation, and (when the journal has no theme overrides) the export's noindex `overrides` folder."""
    name = shown(journal.config_file)
    try:
        text = journal.config_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"{name}: {exc.strerror or exc}: the export needs to read it") from None
    # Each edit refuses a shape it cannot edit: tried first on the file as written, a refusal names its lines.
    with_list_item(text, "extra_css", CSS_URI, name)
    if journal.custom_dir is None:
        with_theme_custom_dir(text, overrides, name)
    text = without_plugin(text, "handshake", name)
    text += "\n# Added by `handshake export-md`: person pages and all open items stay out of the navigation.\n"
    text += "not_in_nav: |\n  /people/*.md\n  /actions.md\n"
    text = with_list_item(text, "extra_css", CSS_URI, name)
    return with_theme_custom_dir(text, overrides, name) if journal.custom_dir is None else text


def _not_inside(target: Path, journal: Journal) -> None:
    """Refuse a target inside the folders the export reads or MkDocs writes: it would copy itself."""
    where = target.resolve()
    for folder, what in ((journal.docs_dir, "docs_dir"), (journal.site_dir, "site_dir"),
                         (journal.custom_dir, "theme.custom_dir")):
        if folder is not None and where.is_relative_to(folder.resolve()):
            raise ExportError(f"{target} is inside the journal's {what} ({folder}): the export would copy "
                              "itself into itself; give a folder outside it, e.g. ../export")


def _inside(path: Path, root: Path, what: str) -> Path:
    rel = Path(os.path.relpath(path, root))
    if rel.parts and rel.parts[0] == "..":
        raise ExportError(f"{what} {path} is outside the journal folder: the export cannot mirror it")
    return rel


def _at(name: str, node: Node) -> str:
    """Where `node` starts in the config file `name`, as file:line:column."""
    return f"{name}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _mapping(root: Node | None, name: str) -> MappingNode:
    if root is None:
        raise ExportError(f"{name}:1:1: the file is empty: write the settings as `key: value` lines, "
                          "e.g. site_name: My journal")
    if not isinstance(root, MappingNode):
        raise ExportError(f"{_at(name, root)}: the file is not a mapping: write the settings as `key: value` "
                          "lines, e.g. site_name: My journal")
    return root


def _after_line(text: str, index: int) -> int:
    return min(line_end(text, index) + 1, len(text))


def without_plugin(text: str, plugin: str, name: str = "mkdocs.yml") -> str:
    """mkdocs.yml text without one plugin (list item or mapping key), other lines untouched; `name` is the file's,
    for messages."""
    found = key_value(_mapping(compose(text), name), "plugins")
    if found is None:
        return text
    plugins = found[1]
    if getattr(plugins, "flow_style", False):
        raise ExportError(f"{_at(name, plugins)}: write `plugins:` as a block list or mapping, one plugin per "
                          "line, to export")
    spans: list[tuple[int, int]] = []
    if isinstance(plugins, SequenceNode):
        for item in plugins.value:
            head = item.value[0][0] if isinstance(item, MappingNode) and item.value else item
            if isinstance(head, ScalarNode) and head.value == plugin:
                spans.append((line_start(text, item.start_mark.index), _after_line(text, text_end(item))))
    elif isinstance(plugins, MappingNode):
        for key, value in plugins.value:
            if isinstance(key, ScalarNode) and key.value == plugin:
                spans.append((line_start(text, key.start_mark.index), _after_line(text, text_end(value))))
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text


def with_list_item(text: str, key: str, item: str, name: str = "mkdocs.yml") -> str:
    """mkdocs.yml text with `item` added to the top-level list `key` (created when missing)."""
    found = key_value(_mapping(compose(text), name), key)
    if found is None:
        return text + f"{key}:\n  - {item}\n"
    key_node, value = found
    if isinstance(value, SequenceNode) and not value.flow_style and value.value:
        at = _after_line(text, text_end(value))
        return text[:at] + " " * value.start_mark.column + f"- {item}\n" + text[at:]
    if isinstance(value, SequenceNode) and value.flow_style:
        close = text.rindex("]", value.start_mark.index, value.end_mark.index)
        return text[:close] + (", " if value.value else "") + item + text[close:]
    raise ExportError(f"{_at(name, value)}: `{key}:` is not a list: make it one to export, "
                      f"e.g. {key}: [{item}]")


def with_theme_custom_dir(text: str, folder: str, name: str = "mkdocs.yml") -> str:
    """mkdocs.yml text whose theme has `custom_dir: folder`."""
    found = key_value(_mapping(compose(text), name), "theme")
    if found is None:
        return text + f"theme:\n  name: mkdocs\n  custom_dir: {folder}\n"
    key, value = found
    if isinstance(value, ScalarNode):  # `theme: material`
        start, end = value.start_mark.index, value.end_mark.index
        return text[:start] + "{name: " + value.value + f", custom_dir: {folder}}}" + text[end:]
    if isinstance(value, MappingNode) and value.flow_style:
        close = text.rindex("}", value.start_mark.index, value.end_mark.index)
        return text[:close] + f", custom_dir: {folder}" + text[close:]
    if isinstance(value, MappingNode) and value.value:
        first = value.value[0][0]
        at = line_start(text, first.start_mark.index)
        return text[:at] + " " * first.start_mark.column + f"custom_dir: {folder}\n" + text[at:]
    raise ExportError(f"{_at(name, value)}: `theme:` is not a mapping: write it as one to export, "
                      "e.g. theme: {name: material}")
