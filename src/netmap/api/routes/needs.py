"""The need vocabulary (every role): the fixed needs plus those added by ``needs.csv``."""

from __future__ import annotations

from fastapi import APIRouter

from netmap.api.deps import ScopeDep, ViewerUser
from netmap.api.errors import AUTH_RESPONSES
from netmap.api.schemas import NeedOut
from netmap.model.graph import nodes_with_label
from netmap.model.schema import Label
from netmap.model.vocab import NEEDS

router = APIRouter(prefix="/needs", tags=["needs"], responses=AUTH_RESPONSES)


@router.get("", summary="Needs with their Japanese and English labels (vocabulary order)")
def get_needs(user: ViewerUser, scope: ScopeDep) -> list[NeedOut]:
    G = scope.snapshot().graph
    found: dict[str, NeedOut] = {
        nid: NeedOut(id=nid, name_ja=ja, name_en=en) for nid, (ja, en) in NEEDS.items()
    }
    for nid in nodes_with_label(G, Label.NEED):
        d = G.nodes[nid]
        ja = str(
            d.get("name_ja") or found.get(nid, NeedOut(id=nid, name_ja=nid, name_en="")).name_ja
        )
        en = str(d.get("name_en") or (found[nid].name_en if nid in found else nid))
        found[nid] = NeedOut(id=nid, name_ja=ja, name_en=en)
    extra = sorted(k for k in found if k not in NEEDS)
    return [found[k] for k in (*NEEDS, *extra)]
