"""Exact unweighted betweenness (Brandes 2001), compiled with numba when it is installed.

The same definition and normalisation as :func:`networkx.betweenness_centrality`
(unweighted, ``normalized=True``, ``endpoints=False``, undirected). Sources are split into
a fixed number of chunks whose partial sums are added in chunk order, so the result is the
same bit for bit on every run and for any number of threads; the chunks run in parallel on
the available cores.

Only :func:`netmap.analysis.bridges.betweenness` calls this module; it falls back to
rustworkx, then networkx, when numba is not installed.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

#: Sources are split into this many chunks (fixed, so the summation order is too).
CHUNKS = 64

_kernel: Any = None
#: numba's default threading layer must not be entered from two threads at once (the API
#: serves requests from a thread pool): one computation at a time.
_lock = threading.Lock()


def _compile() -> Any:
    from netmap.analysis import _brandes_numba

    return _brandes_numba._all


def available() -> bool:
    """Whether numba is installed (the compiled route can be used)."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


def betweenness_csr(indptr: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Normalised betweenness of an undirected simple graph given as CSR adjacency
    (each edge listed in both directions, no self-loops).

    >>> indptr = np.array([0, 1, 3, 4]); indices = np.array([1, 0, 2, 1])  # path a-b-c
    >>> [round(float(x), 9) for x in betweenness_csr(indptr, indices)]
    [0.0, 1.0, 0.0]
    """
    global _kernel
    n = len(indptr) - 1
    if n == 0:
        return np.zeros(0)
    with _lock:
        if _kernel is None:
            _kernel = _compile()
        raw = _kernel(indptr.astype(np.int64), indices.astype(np.int32), n, CHUNKS)
    if n <= 2:
        return np.asarray(raw * 0.0)
    # networkx: undirected pairs are counted from both ends; normalised by (n-1)(n-2)
    return np.asarray(raw / ((n - 1) * (n - 2)))
