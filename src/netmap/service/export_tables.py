"""The analysis tables of an export (:mod:`netmap.service.exports`): the six published
tables of an area or the city (``.xlsx`` with one sheet per table, ``.csv`` with one
table, the district sheet's tables), the organisations as the area's map shows them, and
the "about" rows of a workbook (title, area, dates, source, privacy notice)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap.disclosure.publish import privacy_notice
from netmap.model.options import Lang

if TYPE_CHECKING:
    from netmap.disclosure.release import Release
    from netmap.service.exports import ExportRequest
    from netmap.viz.tables import Table

__all__ = ["about_rows", "analysis_tables"]


def _organisation_rows(
    G: nx.MultiDiGraph,
    view: nx.MultiDiGraph | None,
    area: str | None,
    as_of: dt.date | str | None,
    bridges: Mapping[str, Any],
    lang: str,
) -> list[dict[str, Any]]:
    """Organisations of the area as its map shows them (the view's), or of the whole city."""
    from netmap.model.vocab import kind_label, need_label

    score = {b["organisation_id"]: b["score"] for b in bridges.get("bridges", [])}
    sep = "、" if lang == "ja" else "; "
    rows: list[dict[str, Any]] = []
    if view is not None and any(
        d.get("category") == "Organisation" for _, d in view.nodes(data=True)
    ):
        names = {str(n): str(d.get("name", n)) for n, d in view.nodes(data=True)}
        needs: Mapping[str, str] = view.graph.get("needs") or {}
        for o, d in sorted(view.nodes(data=True)):
            if d.get("category") != "Organisation":
                continue
            rows.append(
                {
                    "name": str(d.get("name", o)),
                    "kind": kind_label(d.get("kind"), lang),
                    "area_name": str(d.get("area_name") or ""),
                    "networks": sep.join(names.get(n, n) for n in d.get("networks") or []),
                    "activities": sep.join(names.get(a, a) for a in d.get("activities") or []),
                    "needs": sep.join(
                        (needs.get(n) if lang == "ja" else None) or need_label(n, lang)
                        for n in d.get("needs") or []
                    ),
                    "bridge_score": round(float(score[o]), 3) if o in score else "",
                    "source": str(d.get("source") or ""),
                    "verified_on": str(d.get("verified_on") or ""),
                    "id": str(o),
                }
            )
    else:
        from netmap.analysis.projections import GraphIndex
        from netmap.model.schema import Label

        H = G
        ix = GraphIndex.build(G, as_of=as_of)
        scope = ix.descendants(area) if area is not None else None
        for o in ix.nodes(Label.ORGANISATION):
            loc = ix.location.get(o)
            if scope is not None and loc not in scope:
                continue
            d = H.nodes[o]
            rows.append(
                {
                    "name": str(d.get("name", o)),
                    "kind": kind_label(d.get("kind"), lang),
                    "area_name": ix.name(loc) if loc else "",
                    "networks": sep.join(ix.name(n) for n in sorted(ix.memberships.get(o, ()))),
                    "activities": sep.join(ix.name(a) for a in sorted(ix.runs.get(o, ()))),
                    "needs": sep.join(
                        (str(H.nodes[n].get("name_ja") or "") if lang == "ja" and n in H else "")
                        or need_label(n, lang)
                        for n in sorted(ix.provides.get(o, ()))
                    ),
                    "bridge_score": round(float(score[o]), 3) if o in score else "",
                    "source": str(d.get("source") or ""),
                    "verified_on": str(d.get("verified_on") or ""),
                    "id": o,
                }
            )
    rows.sort(key=lambda r: (-(r["bridge_score"] or 0.0), r["name"], r["id"]))
    return rows


def analysis_tables(
    G: nx.MultiDiGraph,
    release: Release,
    *,
    area: str | None = None,
    lang: str = Lang.JA,
    view: nx.MultiDiGraph | None = None,
) -> list[Table]:
    """The six analysis tables of an area (or the city), published from ``release``.
    ``view``: the area's published view (its organisations are listed)."""
    from netmap.disclosure.publish import (
        published_bridges,
        published_flows,
        published_gaps,
        published_isolated,
    )
    from netmap.viz.tables import build_tables

    gaps = published_gaps(release, area=area)
    iso = published_isolated(release, area=area)
    flows = published_flows(release, area=area)
    bridges = published_bridges(release, area=area)
    orgs = _organisation_rows(G, view, area, release.reference_date, bridges, lang)
    return build_tables(
        gaps=gaps, isolated=iso, bridges=bridges, flows=flows, organisations=orgs, lang=lang
    )


def about_rows(
    req: ExportRequest,
    area_name: str,
    as_of: str,
    threshold: int,
    source: str,
    period: tuple[str, str] | None,
) -> list[tuple[str, str]]:
    """The "about" rows of an analysis workbook: title, area, data date, date made, source
    and the privacy notice, in the request's language."""
    ja = req.lang == "ja"
    title = req.title or (
        f"{area_name} 支援ネットワーク 分析表" if ja else f"{area_name}: analysis tables"
    )
    return [
        ("タイトル" if ja else "Title", title),
        ("地域" if ja else "Area", f"{area_name}（{req.area or 'city'}）"),
        ("データ基準日" if ja else "Data as of", as_of),
        ("作成日" if ja else "Made", dt.date.today().isoformat()),
        ("出典" if ja else "Source", source),
        ("個人情報の扱い" if ja else "Privacy", privacy_notice(threshold, req.lang, period=period)),
    ]
