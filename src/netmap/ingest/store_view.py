"""What the import's validation reads of the store beyond ``existing_ids``: the stored
areas' levels and parents, every record of a label, the relationships touching some
records; from the store's graph, exported once and only when asked (:class:`StoreView`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from netmap.errors import NetmapError, StoreUnavailable
from netmap.ingest.validation import AreaInfo, StoredLink
from netmap.model.schema import Label, Rel
from netmap.store.base import GraphStore

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["StoreView", "store_call_error"]


def store_call_error(store: GraphStore, what: str, exc: Exception) -> NetmapError:
    if isinstance(exc, NetmapError):
        return exc
    return StoreUnavailable(
        f"cannot {what} the {store.name} store ({type(exc).__name__}: {exc})",
        details={"store": store.name},
    )


class StoreView:
    """What the validator reads of the store beyond ``existing_ids``, from its graph
    exported once, and only when asked (area hierarchy, "did you mean", ``--sync``)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._graph: nx.MultiDiGraph | None = None

    def graph(self) -> nx.MultiDiGraph:
        if self._graph is None:
            try:
                self._graph = self.store.export_graph()
            except Exception as exc:
                raise store_call_error(self.store, "read from", exc) from None
        return self._graph

    def areas(self) -> Mapping[str, AreaInfo]:
        G = self.graph()
        out: dict[str, AreaInfo] = {}
        for nid, data in G.nodes(data=True):
            if data.get("label") != Label.AREA:
                continue
            parents = [
                tt for _, tt, d in G.out_edges(nid, data=True) if d.get("type") == Rel.PART_OF
            ]
            out[nid] = AreaInfo(level=data.get("level"), parent=parents[0] if parents else None)
        return out

    def records(self, label: str) -> Mapping[str, str | None]:
        out: dict[str, str | None] = {}
        for nid, data in self.graph().nodes(data=True):
            if data.get("label") == label:
                name = None if label == Label.RESIDENT else data.get("name") or data.get("name_ja")
                out[str(nid)] = str(name) if name else None
        return out

    def links(self, ids: Collection[str]) -> list[StoredLink]:
        G = self.graph()
        seen: set[tuple[str, str, str]] = set()
        out: list[StoredLink] = []
        for i in ids:
            if i not in G:
                continue
            for s, d, data in [*G.out_edges(i, data=True), *G.in_edges(i, data=True)]:
                rel_type = str(data.get("type"))
                if (rel_type, s, d) in seen:
                    continue
                seen.add((rel_type, s, d))
                out.append(
                    StoredLink(
                        rel_type,
                        str(s),
                        str(G.nodes[s].get("label")),
                        str(d),
                        str(G.nodes[d].get("label")),
                    )
                )
        return out
