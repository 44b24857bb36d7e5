"""The MkDocs adapter: options, generated pages, serve watching and caching across rebuilds.

It holds no logic of its own: it reads the journal (`read`), analyses it (`analysis`) and
hands each generated page the HTML that `pages` renders.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage

from .analysis import analyse
from .feed import calendar_feed
from .model import is_id
from .options import HandshakeConfig, core_options
from .pages import (
    Page,
    SiteRenderer,
    dashboard_uri,
    environment,
    opaque_ids,
    override_dir,
    person_uri,
    render_problems,
    site_renderer,
    stylesheet,
)
from .problems import errors_in
from .read import FileCache, person_files, read_journal

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

_ROBOTS_META = '<meta name="robots" content="noindex, nofollow">'
CSS_URI = "assets/handshake.css"
PASSWORD_ENV = "HANDSHAKE_PASSWORD"


class HandshakePlugin(BasePlugin[HandshakeConfig]):
    """Renders a Handshake journal (people/*.yml) into the site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.cache = FileCache()
        self.serving = False
        self._pages: dict[str, Page] = {}
        self._renderer: SiteRenderer | None = None
        self._error_html: str | None = None
        self._url_id: Callable[[str], str] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance (and its cache) across `mkdocs serve` rebuilds.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        self._url_id = None
        if self.config.encrypted:
            password = os.environ.get(PASSWORD_ENV, "")
            encrypt = config.plugins.get("encryptcontent")
            if not password:
                raise PluginError(f"handshake: encrypted: true needs the password in the environment: "
                                  f"{PASSWORD_ENV}='a long passphrase' mkdocs build -f mkdocs.encrypted.yml")
            if encrypt is None or encrypt.config.get("global_password") != password:
                raise PluginError(f"handshake: encrypted: true needs the encryptcontent plugin after handshake, "
                                  f"with global_password: !ENV {PASSWORD_ENV} (see mkdocs.encrypted.yml)")
            self._url_id = opaque_ids(password)
        return config

    @property
    def people_dir(self) -> Path:
        """The people folder, relative to mkdocs.yml."""
        return Path(self.config_root) / self.config.people_dir

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.config_root = Path(config.config_file_path or ".").resolve().parent
        try:
            options = core_options(self.config)
        except ValueError as exc:
            raise PluginError(f"handshake: {exc}") from None
        if not self.people_dir.is_dir():
            raise PluginError(f"handshake: people_dir '{self.config.people_dir}' is not a folder next to "
                              f"mkdocs.yml: create it, or set people_dir to where your person files are")
        result = read_journal(self.people_dir, self.cache, display_root=self.config_root,
                              journal_root=self.config_root)
        warnings = [p for p in result.problems if p.severity == "warning"]
        for problem in warnings:
            log.warning(str(problem))
        errors = errors_in(result.problems)
        if config.strict and warnings and not errors and not self.serving:
            # MkDocs does not count warnings under `--quiet`; strict must fail all the same.
            raise PluginError(f"handshake: {len(warnings)} warning(s) in strict mode:\n"
                              + "\n".join(str(p) for p in warnings))
        docs = {f.src_uri: partial(getattr, f, "content_string") for f in files.documentation_pages()}
        dashboard = dashboard_uri(docs)
        self._error_html = None
        if errors:
            message = "\n".join(str(p) for p in errors)
            if not self.serving:
                raise PluginError(f"handshake: the journal has {len(errors)} error(s):\n{message}")
            log.error("handshake: the journal has errors:\n%s", message)
            self._error_html = render_problems(environment(override_dir(config.theme.custom_dir)), errors)
            # Every page the user may be looking at shows the errors, so a reload never lands on a 404.
            uris = [dashboard, "challenge.md", "people.md", "introductions.md"]
            uris += [person_uri(self._url_id(p.stem) if self._url_id else p.stem)
                     for p in person_files(self.people_dir) if is_id(p.stem)]
            self._pages = {uri: Page(uri, "Journal errors", "errors.html") for uri in uris}
            self._renderer = None
        else:
            analysis = analyse(result.journal, options)
            self._renderer = site_renderer(
                analysis, docs, custom_dir=config.theme.custom_dir, markdown_extensions=config.markdown_extensions,
                mdx_configs=config.mdx_configs, directory_urls=config.use_directory_urls,
                show_contact=self.config.show_contact, url_id=self._url_id)
            self._pages = {p.src_uri: p for p in self._renderer.pages()}
            if not self.config.encrypted:  # a calendar app cannot decrypt: no feed of names in clear
                files.append(File.generated(config, "handshake.ics",
                                            content=calendar_feed(analysis, config.site_name)))
        for page in self._pages.values():
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
        files.append(File.generated(config, CSS_URI, content=stylesheet()))
        if files.get_file_from_path("robots.txt") is None:
            files.append(File.generated(config, "robots.txt", content="User-agent: *\nDisallow: /\n"))
        return files

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        ours = self._pages.get(page.file.src_uri)
        if ours is None:
            return markdown
        # MkDocs and Material print the title unescaped: escape it once, here.
        page.meta["title"] = str(escape(ours.title))
        facts = ours.context.get("facts")
        if facts is not None and facts.person.tags and not self.config.encrypted:
            # Material's search index keeps tags as given and its search page inserts them as HTML;
            # its header and the tags plugin print them unescaped: escaped here, they show as text.
            page.meta["tags"] = [str(escape(tag)) for tag in facts.person.tags]
        return ""

    @event_priority(50)  # before plugins that post-process content, such as encryptcontent
    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        ours = self._pages.get(page.file.src_uri)
        if self._error_html is not None:
            return self._error_html if ours is not None else self._error_html + html
        if self._renderer is None:
            return html
        if ours is None:
            return self._renderer.with_week_note_header(page.file.src_uri, html)
        return self._renderer.render(ours)

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        return _noindex(output)

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return _noindex(output_content) if template_name.endswith(".html") else output_content

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.people_dir))
        return server


def _noindex(html: str) -> str:
    """The page with a robots meta tag that keeps it out of search engines."""
    return html if _ROBOTS_META in html else html.replace("<head>", "<head>\n    " + _ROBOTS_META, 1)
