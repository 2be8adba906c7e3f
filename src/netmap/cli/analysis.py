"""``netmap gaps``, ``netmap isolated``, ``netmap bridges``, ``netmap flows``.

Thin over :mod:`netmap.service.analyses`: each command opens the configured store, runs the
analysis on its whole graph and prints a Japanese table (``--format table``), exactly one
JSON object (``--format json``) or UTF-8 CSV (``--format csv``). ``--area`` and ``--need``
take an id or a name (:mod:`netmap.names`), ``--as-of`` the date forms of
:mod:`netmap.dates`. A bad level, area, need or date is a usage error (exit code 2).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from netmap.cli.common import (
    OutputFormat,
    console,
    print_json,
    print_records,
    user_errors,
)
from netmap.cli.refs import AREA_HELP, AS_OF_HELP, NEED_HELP

LevelOption = Annotated[
    str,
    typer.Option("--level", "-l", help="Area level: city, ward, district or neighbourhood."),
]
AreaOption = Annotated[
    str | None,
    typer.Option("--area", "-a", help=f"Show only this area and the areas below it. {AREA_HELP}"),
]
NeedOption = Annotated[
    str | None, typer.Option("--need", "-n", help=f"Show only this need. {NEED_HELP}")
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help=f"{AS_OF_HELP} the data should describe; default today."),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format: table, json or csv.")
]
SuppressOption = Annotated[
    bool,
    typer.Option(
        "--suppress",
        help="Show what viewers and meetings see: the published release of the latest "
        "reference date (month end) on or before --as-of, hidden counts as x "
        "(docs/privacy.md).",
    ),
]


def _run(
    name: str,
    fmt: OutputFormat,
    suppress: bool,
    *,
    only_need: str | None = None,
    **params: Any,
) -> None:
    """Run one analysis. ``area``, ``need`` (and ``only_need``: the flows cut to one need)
    may be names; ``as_of`` any date form of :mod:`netmap.dates`."""
    from netmap.cli import refs
    from netmap.config import get_settings
    from netmap.service import analyses
    from netmap.store import open_store

    settings = get_settings()
    json_out = fmt is OutputFormat.json
    with user_errors(json_output=json_out):
        params["as_of"] = refs.as_of_date(params.get("as_of"))
        store = open_store(settings)
        try:
            G = store.export_graph()
            if "area" in params:
                params["area"] = refs.area_id(G, params["area"])
            if "need" in params:
                params["need"] = refs.need_id(G, params["need"])
            need = refs.need_id(G, only_need)
            if suppress:
                from netmap.disclosure.publish import published_analysis
                from netmap.service.releases import graph_source, release_for

                rel = release_for(settings, graph_source(store, G), params.get("as_of"))
                obj = published_analysis(rel, name, **params)
            else:
                obj = analyses.run_analysis(name, G, **params)
            if need is not None:
                from netmap.names import need_index
                from netmap.service.flows_need import flows_for_need

                obj = flows_for_need(obj, need, need_index(G).entries[need].name)
        finally:
            store.close()
    if fmt is OutputFormat.json:
        print_json(obj)
    elif fmt is OutputFormat.csv:
        print_records(analyses.csv_rows(name, obj))
    else:
        _TABLES[name](obj)


# --------------------------------------------------------------------------- tables


def _print(table: Any) -> None:
    """Print a rich table, folding long Japanese cells instead of cutting them."""
    for column in table.columns:
        column.overflow = "fold"
    console.print(table)


def _count(v: Any) -> str:
    from netmap.disclosure.publish import count_text

    return count_text(v)


def _hidden_or(obj: dict[str, Any], key: str, text: str) -> str:
    """The mark "x" for a field a published result hides, else ``text``."""
    return _count(None) if key in (obj.get("suppressed") or []) else text


def _float(v: Any, digits: int = 3) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def _title(obj: dict[str, Any], text: str) -> str:
    p = obj["params"]
    bits = [f"基準日 {p['as_of']}"]
    if p.get("area"):
        bits.append(f"範囲 {obj['names'].get(p['area'], p['area'])}")
    return f"{text}（{'、'.join(bits)}）"


def _level_ja(obj: dict[str, Any]) -> str:
    from netmap.model.vocab import LEVEL_JA

    return LEVEL_JA.get(str(obj["params"].get("level", "")), "地域")


def _gaps_table(obj: dict[str, Any]) -> None:
    from rich.table import Table

    from netmap.analysis.results import CANDIDATE_REASON_JA

    names = obj["names"]
    table = Table(title=_title(obj, "資源の空白・不足"), show_lines=False)
    for col, just in (
        (_level_ja(obj), "left"),
        ("ニーズ", "left"),
        ("判定", "left"),
        ("需要", "right"),
        ("供給", "right"),
        ("需要/供給", "right"),
        ("候補となる資源", "left"),
        ("広域の資源", "left"),
    ):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for g in obj["gaps"]:
        cands = [f"{c['name']}（{CANDIDATE_REASON_JA[c['reason']]}）" for c in g["candidates"][:3]]
        if len(g["candidates"]) > 3:
            cands.append(f"ほか{len(g['candidates']) - 3}件")
        wide = [w["name"] for w in g["wide_area_resources"][:3]]
        table.add_row(
            g["area_name"],
            names.get(g["need"], g["need"]),
            "空白" if g["kind"] == "gap" else "不足",
            _count(g["demand"]),
            str(g["supply"]),
            _hidden_or(g, "ratio", _float(g["ratio"], 1)),
            "\n".join(cands) or "-",
            "、".join(wide) or "-",
        )
    _print(table)
    if not obj["gaps"]:
        console.print("空白・不足は見つかりませんでした。")
    if obj["unallocated"]:
        un = Table(title="地区が特定できない需要（より広い地域にのみ記録）")
        for col in ("地域", "ニーズ", "需要"):
            un.add_column(col)
        for u in obj["unallocated"]:
            un.add_row(u["area_name"], names.get(u["need"], u["need"]), _count(u["demand"]))
        _print(un)


def _isolated_table(obj: dict[str, Any]) -> None:
    from rich.table import Table

    from netmap.analysis.results import ISOLATION_REASON_JA

    table = Table(title=_title(obj, "孤立している地域"))
    table.add_column(_level_ja(obj))
    table.add_column("孤立", justify="center")
    table.add_column("スコア", justify="right")
    table.add_column("理由")
    for col in (
        "団体",
        "ネットワーク参加",
        "地区外とのつながり",
        "活動",
        "要支援住民",
        "つながりのない住民",
    ):
        table.add_column(col, justify="right")
    for a in obj["areas"]:
        table.add_row(
            a["area_name"],
            "●" if a["isolated"] else "",
            _float(a["score"], 2),
            "、".join(ISOLATION_REASON_JA[r] for r in a["reasons"]) or "-",
            str(a["organisations"]),
            str(a["network_memberships"]),
            str(a["external_ties"]),
            str(a["activities"]),
            _count(a["residents_with_needs"]),
            _count(a["isolated_residents"]),
        )
    _print(table)


def _bridges_table(obj: dict[str, Any]) -> None:
    from rich.table import Table

    from netmap.analysis.results import MISSING_BRIDGE_REASON_JA

    names = obj["names"]
    table = Table(title=_title(obj, "ネットワークをつなぐ団体"))
    table.add_column("順位", justify="right")
    table.add_column("団体")
    table.add_column("参加ネットワーク")
    table.add_column("媒介中心性", justify="right")
    table.add_column("制約", justify="right")
    table.add_column("仲介（調整/門番/代表/巡回/連絡）", justify="right")
    table.add_column("関節点", justify="center")
    table.add_column("スコア", justify="right")
    table.add_column("説明")
    for i, b in enumerate(obj["bridges"], 1):
        br = b["brokerage"]
        table.add_row(
            str(i),
            b["name"],
            "\n".join(names.get(n, n) for n in b["networks"]) or "-",
            _float(b["betweenness"]),
            _float(b["constraint"]),
            "/".join(
                str(br[k])
                for k in ("coordinator", "gatekeeper", "representative", "itinerant", "liaison")
            ),
            "●" if b["articulation_point"] else "",
            _float(b["score"]),
            b["why"],
        )
    _print(table)
    if obj["missing_bridges"]:
        mt = Table(title="つながっていないネットワーク（同じ区で活動、共通の参加団体も連携もなし）")
        for col in ("区", "ネットワークA", "ネットワークB", "つなぎ役の候補"):
            mt.add_column(col)
        for m in obj["missing_bridges"]:
            a, b = m["network_ids"]
            cands = [
                f"{names.get(c['organisation_id'], c['organisation_id'])}"
                f"（{MISSING_BRIDGE_REASON_JA[c['reason']]}）"
                for c in m["candidates"]
            ]
            mt.add_row(
                names.get(m["ward_id"], m["ward_id"]),
                names.get(a, a),
                names.get(b, b),
                "\n".join(cands) or "-",
            )
        _print(mt)
    console.print(f"媒介中心性: {obj['params']['betweenness']}", highlight=False)


def _flows_table(obj: dict[str, Any]) -> None:
    from rich.table import Table

    names = obj["names"]
    need = obj["params"].get("need")
    title = "入口と出口（紹介の流れ）"
    if need:
        title += f"：{names.get(need, need)}"
    table = Table(title=_title(obj, title))
    table.add_column(_level_ja(obj))
    for col in ("紹介した（入口）", "受けた（出口）", "対応中", "受入", "不成立", "終結", "受入率"):
        table.add_column(col, justify="right")
    for a in obj["areas"]:
        rate = a["acceptance_rate"]
        table.add_row(
            names.get(a["area_id"], a["area_id"]),
            *(
                _count(a[k])
                for k in ("referrals_out", "referrals_in", "open", "accepted", "declined", "closed")
            ),
            _hidden_or(a, "acceptance_rate", "-" if rate is None else f"{rate:.0%}"),
        )
    _print(table)
    if need:
        console.print(
            "一方向の団体は全ニーズで判定するため、ニーズを指定したときは表示しません。"
            " / One-way organisations are judged over all needs: not shown with --need.",
            highlight=False,
        )
    if obj["one_way_organisations"]:
        ow = Table(title="一方向の団体（紹介するだけ／受けるだけ）")
        for col in ("団体", "所在地", "向き", "紹介した", "受けた"):
            ow.add_column(col)
        for o in obj["one_way_organisations"]:
            ow.add_row(
                o["name"],
                names.get(o["area_id"] or "", o["area_id"] or "-"),
                "紹介するだけ" if o["direction"] == "out_only" else "受けるだけ",
                _count(o["referrals_out"]),
                _count(o["referrals_in"]),
            )
        _print(ow)


_TABLES: dict[str, Callable[[dict[str, Any]], None]] = {
    "gaps": _gaps_table,
    "isolated": _isolated_table,
    "bridges": _bridges_table,
    "flows": _flows_table,
}


# --------------------------------------------------------------------------- commands


def register(app: typer.Typer) -> None:
    @app.command("gaps")
    def gaps_cmd(
        level: LevelOption = "district",
        area: AreaOption = None,
        need: NeedOption = None,
        min_demand: Annotated[
            int, typer.Option("--min-demand", help="Smallest demand reported as a gap.")
        ] = 1,
        ratio: Annotated[
            float,
            typer.Option("--ratio", help="Under-supplied when demand / supply exceeds this."),
        ] = 10.0,
        as_of: AsOfOption = None,
        fmt: FormatOption = OutputFormat.table,
        suppress: SuppressOption = False,
    ) -> None:
        """Needs with no resource (gaps) or too few (under-supplied) per area, with
        candidate resources."""
        _run(
            "gaps",
            fmt,
            suppress,
            level=level,
            area=area,
            need=need,
            min_demand=min_demand,
            ratio=ratio,
            as_of=as_of,
        )

    @app.command("isolated")
    def isolated_cmd(
        level: LevelOption = "district",
        area: AreaOption = None,
        as_of: AsOfOption = None,
        fmt: FormatOption = OutputFormat.table,
        suppress: SuppressOption = False,
    ) -> None:
        """Areas whose residents in need meet no network, no outside tie or no activity."""
        _run("isolated", fmt, suppress, level=level, area=area, as_of=as_of)

    @app.command("bridges")
    def bridges_cmd(
        top: Annotated[
            int | None,
            typer.Option("--top", "-t", help="Show only the first N bridges and missing bridges."),
        ] = None,
        area: AreaOption = None,
        as_of: AsOfOption = None,
        fmt: FormatOption = OutputFormat.table,
        suppress: SuppressOption = False,
    ) -> None:
        """Organisations that hold existing networks together, and networks to link."""
        _run("bridges", fmt, suppress, top=top, area=area, as_of=as_of)

    @app.command("flows")
    def flows_cmd(
        level: LevelOption = "district",
        area: AreaOption = None,
        need: Annotated[
            str | None,
            typer.Option(
                "--need",
                "-n",
                help="Only referrals about this need: each area's row for the need, as the "
                f"result already holds it (no new count). {NEED_HELP}",
            ),
        ] = None,
        as_of: AsOfOption = None,
        fmt: FormatOption = OutputFormat.table,
        suppress: SuppressOption = False,
    ) -> None:
        """Entrance and exit: referrals out of and into each area, by status (--need: about
        one need; one-way organisations are judged over all needs and left out)."""
        _run("flows", fmt, suppress, only_need=need, level=level, area=area, as_of=as_of)
