"""Materialized paths made of fixed-width decimal segments.

A node's path is its ancestors' segments followed by its own, each segment the
node's primary key zero-padded to SEGMENT_WIDTH digits. Paths hold only digits,
so byte order and every database collation agree, and "the subtree of P" is the
half-open range [P, successor(P)) that a plain B-tree index answers without
scanning the table (unlike LIKE 'P%', which needs a special operator class).
"""

SEGMENT_WIDTH = 10  # primary keys up to 9,999,999,998
# The all-nines segment is reserved: a path of nothing but nines would have no
# successor of the same width (see subtree_upper_bound).
MAX_ID = 10**SEGMENT_WIDTH - 2
MAX_DEPTH = 25


def segment(node_id: int) -> str:
    if node_id < 0 or node_id > MAX_ID:
        raise ValueError(f"node id {node_id} does not fit a path segment")
    return str(node_id).zfill(SEGMENT_WIDTH)


def child_path(parent_path: str, node_id: int) -> str:
    return parent_path + segment(node_id)


def depth_of(path: str) -> int:
    return len(path) // SEGMENT_WIDTH


def ancestor_ids(path: str) -> list[int]:
    """Ids of the strict ancestors, root first."""
    return [int(path[i : i + SEGMENT_WIDTH]) for i in range(0, len(path) - SEGMENT_WIDTH, SEGMENT_WIDTH)]


def subtree_upper_bound(path: str) -> str:
    """The smallest path greater than every path that starts with `path`.

    Adding one to the path read as a number keeps its length, so every
    descendant (a longer string with `path` as prefix) sorts below it.
    """
    return str(int(path) + 1).zfill(len(path))


def is_within(path: str, ancestor_path: str) -> bool:
    return path.startswith(ancestor_path)
