"""Where things are in a YAML text: spans of composed nodes, for edits that keep every other byte."""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


def fields(node: Node | None) -> dict[str, Node]:
    """The values of a mapping node by their plain keys (empty for any other node)."""
    if not isinstance(node, MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}


def key_value(root: Node | None, key: str) -> tuple[ScalarNode, Node] | None:
    """The key node and value node of `key` in a top-level mapping (None when absent or not a mapping)."""
    if isinstance(root, MappingNode):
        for k, v in root.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return k, v
    return None


def text_end(node: Node) -> int:
    """Where the text of a node ends: its own end for scalars and flow collections, else its last scalar's.

    (A block collection's own end mark lies at the start of whatever follows it, comments included.)
    """
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        return node.end_mark.index
    if isinstance(node, SequenceNode) and node.value:
        return text_end(node.value[-1])
    if isinstance(node, MappingNode) and node.value:
        return text_end(node.value[-1][1])
    return node.end_mark.index


def line_start(text: str, index: int) -> int:
    """The index where the line holding `index` starts."""
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """The index of the newline ending the line that holds `index` (the text's length on the last line)."""
    end = text.find("\n", index)
    return len(text) if end == -1 else end
