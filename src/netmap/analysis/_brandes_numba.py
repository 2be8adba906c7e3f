"""The numba kernels of :mod:`netmap.analysis._brandes`, defined at module level so that
numba's on-disk cache (``cache=True``) is found by every later process: kernels defined
inside a function are compiled again in each process (about 4-5 s per CLI run).

Imported only when numba is installed (see :func:`netmap.analysis._brandes.available`).
"""

# mypy: disable-error-code="misc,untyped-decorator,no-untyped-call"

from __future__ import annotations

from typing import Any

import numpy as np
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
