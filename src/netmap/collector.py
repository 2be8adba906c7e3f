"""Python's cyclic garbage collector, paused around bursts of allocation.

Importing, exporting the graph, comparing and building releases allocate hundreds of
thousands of small, acyclic objects (rows, dicts, records, graph attribute dicts); each
allocation burst makes the collector rescan the ever-growing heap, which costs a large
share of these phases (about half of an import's reading and validating; about a fifth
to two fifths of a graph export). Reference counting still frees everything as usual.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block. It is re-enabled on the way out
    only when it was enabled on the way in (so overlapping uses, in threads too, leave it
    as they found it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
