"""The MkDocs adapter: options, generated files, serve watching and caching across rebuilds.

It holds no logic of its own: `site.build_site` reads, checks, analyses and renders the journal;
this file hands MkDocs the pages and files it returns, and turns its problems into MkDocs' errors.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any, cast

from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from ..core.analysis import core_options
from ..core.bulk import IdleCollector
from ..core.options import PluginOptions, located
from ..core.problems import HandshakeError
from ..core.read import FileCache
from ..pipeline import CSS_URI, JournalFiles, Site, build_site, noindex, private_title
from .config import HandshakeConfig, plugin_options, site_settings

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

PASSWORD_ENV = "HANDSHAKE_PASSWORD"
PASSPHRASE_EXAMPLE = "your own passphrase of six or more Words"
"""What the missing-password message shows: long enough for the encryption plugin's --strict strength check."""


# HandshakeConfig is made from the options' declaration at import time, so type checkers cannot see its class.
class HandshakePlugin(BasePlugin[HandshakeConfig]):  # type: ignore[valid-type]
    """Renders a Handshake journal (people/*.yml) into the site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.cache = FileCache()
        self.serving = False
        self.site: Site | None = None
        self._secret: str | None = None
        self.incremental = False
        self._built: dict[str, object | None] = {}
        """Key of each generated page as the last complete build wrote it (`mkdocs serve --dirty` only)."""
        self._building: dict[str, object | None] = {}
        """The keys of the build under way, kept once it completes."""
        self._digests: dict[str, bytes] = {}
        self._building_digests: dict[str, bytes] = {}
        """A digest of the HTML of each page of the whole journal, as the last complete build wrote it, and as
        this build renders it (`GeneratedPage.whole_journal`)."""
        self._files: dict[str, tuple[tuple, _KeyedFile]] = {}
        """The generated pages' files of the last build, with the settings they were made with (`--dirty` only)."""
        self._had_errors = False
        self._rendered: set[str] = set()
        """URLs of the pages this build rendered (`mkdocs serve --dirty` only)."""
        self._collector: IdleCollector | None = None
        self.options = PluginOptions()

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[Any, Any]:
        errors, warnings = super().load_config(options, config_file_path)
        if errors and config_file_path:  # MkDocs names the option; say where it is written too
            path = Path(config_file_path)
            shown = os.path.relpath(path) if path.is_absolute() else str(path)
            errors = [(key, ValidationError(f"{where}: {error}")
                       if (where := located(path, shown, f"Plugin 'handshake' option '{key}': {error}")) != shown
                       else error) for key, error in errors]
        return errors, warnings

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance (and its cache) across `mkdocs serve` rebuilds.
        self.serving = command == "serve"
        self.incremental = self.serving and dirty
        if self.serving:
            self._collector = IdleCollector()
            self._collector.start()

    def on_shutdown(self) -> None:
        # MkDocs keeps this instance for later builds in the same process: they are not served.
        self.serving = self.incremental = False
        self._files = {}
        if self._collector is not None:
            self._collector.stop()
            self._collector = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self._collector is not None:
            self._collector.build_started()
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        self._secret = None
        self.options = plugin_options(self.config)
        if self.options.encrypted:
            password = os.environ.get(PASSWORD_ENV, "")
            encrypt = config.plugins.get("encryptcontent")
            if not password:
                raise PluginError(f"handshake: encrypted: true needs the password in the environment: "
                                  f"{PASSWORD_ENV}='{PASSPHRASE_EXAMPLE}' "
                                  "mkdocs build --strict -f mkdocs.encrypted.yml")
            if encrypt is None or encrypt.config.get("global_password") != password:
                raise PluginError(f"handshake: encrypted: true needs the encryptcontent plugin after handshake, "
                                  f"with global_password: !ENV {PASSWORD_ENV} (see mkdocs.encrypted.yml)")
            self._secret = password
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            options = core_options(self.options)
        except HandshakeError as exc:
            raise PluginError(f"handshake: {exc}") from None
        docs = {f.src_uri: _markdown_of(f) for f in files.documentation_pages()}
        settings = site_settings(
            config, self.options, docs, [f.src_uri for f in files], secret=self._secret, display_root=root,
            rebuilds=self.serving, docs_dir=_shown(Path(config.docs_dir), root))
        try:
            settings.journal.people  # noqa: B018 - names a missing or misplaced people folder before the build
        except HandshakeError as exc:
            raise PluginError(f"handshake: {exc}") from None
        self.site = site = build_site(settings, options, self.cache)
        warnings, errors = site.warnings, site.errors
        for problem in warnings:
            log.warning(str(problem))
        if config.strict and warnings and not errors and not self.serving:
            # MkDocs does not count warnings under `--quiet`; strict must fail all the same.
            raise PluginError(f"handshake: {len(warnings)} warning(s) in strict mode:\n"
                              + "\n".join(str(p) for p in warnings))
        if errors:
            message = "\n".join(str(p) for p in errors)
            if not self.serving:
                raise PluginError(f"handshake: the journal has {len(errors)} error(s):\n{message}")
            log.error("handshake: the journal has errors:\n%s", message)
        for uri, content in site.extras.items():
            files.append(File.generated(config, uri, content=content))
        self._building = keys = site.keys() if self.incremental else {}
        self._building_digests = {}
        kept, self._files = self._files, {}
        for page in site.pages.values():
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            if self.incremental:
                key = keys[page.src_uri]
                keyed = self._keyed_file(config, page.src_uri, inclusion, kept)
                keyed.changed = key is None or self._built.get(page.src_uri) != key
                if keyed.changed and key is not None and page.whole_journal:
                    # Its key changes with every save; its HTML, rendered from kept pieces, seldom does. Laying out
                    # an unchanged page of megabytes again (theme, search plugin, writing) would cost more.
                    try:
                        html = site.html(page.src_uri)
                    except HandshakeError as exc:  # a mistake in the user's template override
                        raise PluginError(f"handshake: {exc}") from None
                    digest = hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=16).digest()
                    self._building_digests[page.src_uri] = digest
                    keyed.changed = self._digests.get(page.src_uri) != digest
                if keyed.changed:
                    # Written again by this build: should it fail part-way, the page on disk may be neither the
                    # last complete build's nor this one's, so nothing recorded of it may spare it next time.
                    self._built.pop(page.src_uri, None)
                    self._digests.pop(page.src_uri, None)
                files.append(keyed)
            else:
                files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
        if self.incremental:
            refresh_all = bool(errors) or self._had_errors  # the errors appear on, or leave, every page
            for file in files.documentation_pages():
                if not isinstance(file, _KeyedFile) and (refresh_all or site.shows_journal(file.src_uri)):
                    file.__class__ = _JournalFile
            self._had_errors = bool(errors)
            self._rendered = set()
        return files

    def _keyed_file(self, config: MkDocsConfig, src_uri: str, inclusion: InclusionLevel,
                    kept: dict[str, tuple[tuple, _KeyedFile]]) -> _KeyedFile:
        """The page's file of the last build when it was made with the same settings, else a new one.

        MkDocs works out a file's URL and paths once per file object: a kept file spares that for thousands of
        pages on every save. Besides them, a file holds only the page MkDocs made for it; MkDocs makes a new
        one for a file without one, as for a new file.
        """
        made_with = (config.site_dir, config.use_directory_urls, inclusion)
        old = kept.get(src_uri)
        if old is not None and old[0] == made_with:
            file = old[1]
            file.page, file.inclusion = None, inclusion  # as new, should another plugin have changed it
        else:
            file = cast(_KeyedFile, _KeyedFile.generated(config, src_uri, content="", inclusion=inclusion))
        self._files[src_uri] = (made_with, file)
        return file

    def on_page_context(self, context: Any, *, page: MkPage, config: MkDocsConfig, nav: Any) -> Any:
        if self.incremental:
            self._rendered.add(page.url)
        return context

    @event_priority(100)  # before Material's search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.serving:
            self.site = None  # every page is written: the next save makes a new one
        if self._collector is not None:
            self._collector.build_done()
        if not self.incremental:
            return
        # Only a build that went through to the end wrote its pages: a failed one leaves the last keys.
        self._built = self._building
        # A page written without a key (the errors) no longer has the HTML its digest says.
        kept = {uri: d for uri, d in self._digests.items() if self._built.get(uri) is not None}
        self._digests = {**kept, **self._building_digests}
        _forget_search_entries(config, self._rendered)

    def on_build_error(self, *, error: Exception) -> None:
        if self._collector is not None:
            self._collector.build_done()

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        ours = self.site.pages.get(page.file.src_uri) if self.site else None
        if ours is None:
            title = private_title(page.file.src_uri) if self._secret else None
            if title is not None:
                page.meta["title"] = title
            return markdown
        page.meta["title"] = ours.title_html
        if not ours.searchable:
            page.meta["search"] = {"exclude": True}  # Material's search plugin skips the page
        if ours.tags:
            page.meta["tags"] = list(ours.tags)
        return ""

    @event_priority(50)  # before plugins that post-process content, such as encryptcontent
    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        if self.site is None:
            return html
        if self._secret:
            # Material writes the table of contents (headings and their anchors) outside the encrypted content.
            page.toc = get_toc([])
        ours = self.site.pages.get(page.file.src_uri)
        try:
            return self.site.html(ours.src_uri) if ours is not None else self.site.decorate(page.file.src_uri, html)
        except HandshakeError as exc:  # a mistake in the user's template override
            raise PluginError(f"handshake: {exc}") from None

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        return noindex(output)

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return noindex(output_content) if template_name.endswith(".html") else output_content

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(JournalFiles(Path(config.config_file_path or "mkdocs.yml"), self.options.people_dir).people))
        return server


class _KeyedFile(File):
    """A generated page that `mkdocs serve --dirty` reads and writes again only when its content changed.

    Under `--dirty`, MkDocs 1.6 renders a page only when `File.is_modified()` says so (`_populate_page` and
    `_build_page`), and a file generated with `content=` always says so. Here a page is modified when its
    key (`GeneratedPage.key`, everything its template reads) differs from the key of the
    last complete build, when it has no key (the error pages), or when its HTML is missing from the site folder.
    The same page object serves every rebuild, as `on_startup` keeps the plugin instance alive.
    """

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


class _JournalFile(File):
    """A hand-written page whose HTML shows the journal (a week note, or any page while there are errors):
    `--dirty` rebuilds it every time, as its Markdown file's modification time says nothing of the journal."""

    def is_modified(self) -> bool:
        return True


def _forget_search_entries(config: MkDocsConfig, urls: set[str]) -> None:
    """Drop the entries of re-rendered pages from the index Material's search keeps across `--dirty` rebuilds.

    Material merges a dirty rebuild's entries into the previous index assuming one page was rebuilt: it
    drops the old entries of the first page only, so a second re-rendered page (the other person of a
    shared meeting) would be found twice, once with its old text. Without Material's search, nothing to do.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    previous = getattr(search, "search_index_prev", None)
    entries = getattr(previous, "entries", None)
    if isinstance(entries, list) and urls:
        entries[:] = [e for e in entries if not (isinstance(e, dict)
                                                 and str(e.get("location", "")).split("#", 1)[0] in urls)]


def _shown(path: Path, root: Path) -> str:
    """A folder as messages name it: relative to the journal's root when it lies inside, else as it is."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _markdown_of(file: File) -> Any:
    """A reader of a docs page's Markdown without its front matter (MkDocs' own rule for it)."""
    return lambda: get_data(file.content_string)[0]
