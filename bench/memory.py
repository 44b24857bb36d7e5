"""Where a build's memory goes: tracemalloc of one `mkdocs build`, in-process, grouped by library.

The snapshot is taken when every page is done (just before `post_build`), close to the peak.

    python bench/memory.py JOURNAL/mkdocs.yml /tmp/site       # e.g. a journal from bench/journal.py
"""

from __future__ import annotations

import resource
import sys
import tracemalloc

tracemalloc.start(1)

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.plugins import PluginCollection  # noqa: E402

IMPORTED_MB = tracemalloc.get_traced_memory()[0] / 2**20
_snapshot: dict = {}
_run_event = PluginCollection.run_event


def _run_event_watched(self, name, item=None, **kwargs):  # type: ignore[no-untyped-def]
    if name == "post_build" and "snapshot" not in _snapshot:
        _snapshot["snapshot"] = tracemalloc.take_snapshot()
        _snapshot["traced"] = tracemalloc.get_traced_memory()[0]
    return _run_event(self, name, item, **kwargs)


def _group(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/")[-1].split("/")[0]
    if "handshake_plugin/" in filename:
        return "handshake_plugin/" + filename.split("handshake_plugin/")[-1]
    return filename.rsplit("/", 1)[-1]


def main() -> None:
    PluginCollection.run_event = _run_event_watched  # type: ignore[method-assign]
    build(load_config(sys.argv[1], site_dir=sys.argv[2]))
    peak = tracemalloc.get_traced_memory()[1]
    print(f"traced after importing mkdocs: {IMPORTED_MB:.1f} MB; when every page is done: "
          f"{_snapshot['traced'] / 2**20:.1f} MB; peak traced {peak / 2**20:.1f} MB; "
          f"ru_maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (inflated by tracemalloc)")
    groups: dict[str, int] = {}
    for stat in _snapshot["snapshot"].statistics("filename"):
        key = _group(stat.traceback[0].filename)
        groups[key] = groups.get(key, 0) + stat.size
    for key, size in sorted(groups.items(), key=lambda kv: -kv[1])[:14]:
        print(f"  {size / 2**20:7.1f} MB  {key}")
    print("top lines:")
    for stat in _snapshot["snapshot"].statistics("lineno")[:12]:
        frame = stat.traceback[0]
        where = f"{frame.filename.split('site-packages/')[-1]}:{frame.lineno}"
        print(f"  {stat.size / 2**20:6.1f} MB {stat.count:8d} blocks {where}")


if __name__ == "__main__":
    main()
