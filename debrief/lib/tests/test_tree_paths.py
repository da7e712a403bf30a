import pytest

from debrief.lib import tree_paths


def test_a_child_path_appends_the_zero_padded_id():
    assert tree_paths.child_path("0000000001", 42) == "00000000010000000042"


def test_ancestor_ids_exclude_the_node_itself():
    path = tree_paths.child_path(tree_paths.child_path(tree_paths.segment(1), 7), 9)
    assert tree_paths.ancestor_ids(path) == [1, 7]
    assert tree_paths.depth_of(path) == 3


def test_the_upper_bound_sorts_after_every_descendant_and_before_the_next_sibling():
    node = tree_paths.child_path(tree_paths.segment(1), 9)
    descendant = tree_paths.child_path(node, tree_paths.MAX_ID)
    next_sibling = tree_paths.child_path(tree_paths.segment(1), 10)
    bound = tree_paths.subtree_upper_bound(node)
    assert node < descendant < bound <= next_sibling


def test_the_upper_bound_carries_into_the_parent_segment_at_the_largest_id():
    node = tree_paths.child_path(tree_paths.segment(1), tree_paths.MAX_ID)
    bound = tree_paths.subtree_upper_bound(node)
    assert len(bound) == len(node)
    assert node < tree_paths.child_path(node, tree_paths.MAX_ID) < bound


def test_the_all_nines_id_is_refused_so_every_path_has_a_successor():
    with pytest.raises(ValueError):
        tree_paths.segment(tree_paths.MAX_ID + 1)
