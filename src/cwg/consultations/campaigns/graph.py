"""Grouping and connected components over integer arrays (vectorised union-find)."""

from __future__ import annotations

import numpy as np


def star_edges(keys: np.ndarray, index: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Link every element to the first (lowest index) element sharing its key.

    Returns (members, centres) for every element that is not itself the centre of its group.
    `index` gives each element's index (defaults to its position).
    """
    if index is None:
        index = np.arange(keys.size, dtype=np.int64)
    if keys.size < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = np.argsort(keys)
    ordered = keys[order]
    run_start = np.ones(keys.size, bool)
    run_start[1:] = ordered[1:] != ordered[:-1]
    starts = np.flatnonzero(run_start)
    sizes = np.diff(np.append(starts, keys.size))
    grouped = sizes > 1
    if not grouped.any():
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    members = index[order]
    centres = np.repeat(np.minimum.reduceat(members, starts), sizes)
    linked = np.repeat(grouped, sizes) & (members != centres)
    return members[linked], centres[linked]


def components(
    n: int, left: np.ndarray, right: np.ndarray, parent: np.ndarray | None = None
) -> np.ndarray:
    """Connected components of an undirected graph on n nodes: each node's smallest member.

    `parent` may carry components found earlier (a previous result of this function).
    """
    parent = np.arange(n, dtype=np.int64) if parent is None else parent.copy()
    left = np.asarray(left, np.int64)
    right = np.asarray(right, np.int64)
    while left.size:
        a, b = parent[left], parent[right]
        low, high = np.minimum(a, b), np.maximum(a, b)
        open_edges = low != high
        if not open_edges.any():
            break
        left, right = left[open_edges], right[open_edges]
        np.minimum.at(parent, high[open_edges], low[open_edges])
        # Pointer jumping until every node points at a root.
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
    return parent
