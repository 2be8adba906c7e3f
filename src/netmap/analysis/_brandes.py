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
    import numba
    from numba import njit, prange

    @njit(cache=True, nogil=True)
    def _chunk(
        indptr: Any, indices: Any, n: int, first: int, last: int, out: Any
    ) -> None:  # pragma: no cover - compiled
        sigma = np.zeros(n, dtype=np.float64)
        delta = np.zeros(n, dtype=np.float64)
        dist = np.full(n, -1, dtype=np.int32)
        order = np.empty(n, dtype=np.int32)
        npred = np.zeros(n, dtype=np.int32)  # predecessors of w: pred[indptr[w]:+npred[w]]
        pred = np.empty(len(indices), dtype=np.int32)
        for s in range(first, last):
            sigma[s] = 1.0
            dist[s] = 0
            order[0] = s
            head = 0
            tail = 1
            while head < tail:
                v = order[head]
                head += 1
                dv = dist[v] + 1
                sv = sigma[v]
                for k in range(indptr[v], indptr[v + 1]):
                    w = indices[k]
                    dw = dist[w]
                    if dw < 0:
                        dist[w] = dv
                        order[tail] = w
                        tail += 1
                        dw = dv
                    if dw == dv:
                        sigma[w] += sv
                        pred[indptr[w] + npred[w]] = v
                        npred[w] += 1
            for i in range(tail - 1, -1, -1):
                w = order[i]
                coeff = (1.0 + delta[w]) / sigma[w]
                base = indptr[w]
                for k in range(base, base + npred[w]):
                    v = pred[k]
                    delta[v] += sigma[v] * coeff
                if w != s:
                    out[w] += delta[w]
            for i in range(tail):
                w = order[i]
                sigma[w] = 0.0
                delta[w] = 0.0
                dist[w] = -1
                npred[w] = 0

    @njit(cache=True, parallel=True)
    def _all(indptr: Any, indices: Any, n: int, chunks: int) -> Any:  # pragma: no cover
        partial = np.zeros((chunks, n), dtype=np.float64)
        step = (n + chunks - 1) // chunks
        for c in prange(chunks):
            first = c * step
            last = min(n, first + step)
            if first < last:
                _chunk(indptr, indices, n, first, last, partial[c])
        total = np.zeros(n, dtype=np.float64)
        for c in range(chunks):  # fixed order: deterministic
            total += partial[c]
        return total

    del numba
    return _all


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
