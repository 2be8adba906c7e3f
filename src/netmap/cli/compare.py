"""``netmap compare``: what changed between two dates (docs/compare.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from netmap.cli.common import (
    OutputFormat,
    console,
    print_json,
    print_records,
    user_errors,
)
from netmap.cli.refs import PlanAtOpt

_STATE_JA = {
    "added": "新規",
    "ended": "終了",
    "opened": "新たな空白",
    "closed": "解消",
    "persisting": "継続",
    "newly_isolated": "新たに孤立",
    "no_longer_isolated": "孤立が解消",
    "entered": "上位に入った",
    "left": "上位から外れた",
    "stayed": "上位のまま",
    "appeared": "新たな未接続",
    "bridged": "接続された",
}
_SECTION_JA = {
    "organisations": "団体",
    "activities": "活動",
    "networks": "ネットワーク",
    "memberships": "ネットワークへの参加",
    "partnerships": "団体間の連携",
    "referral_links": "紹介のつながり",
}


def _value(v: Any) -> str:
    from netmap.disclosure.publish import count_text

    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    if isinstance(v, list):
        return "・".join(map(str, v)) or "-"
    return count_text(v) if isinstance(v, int) else str(v)


def _measure(item: dict[str, Any], field: str) -> str:
    v = item.get(field, {})
    hidden = field in item.get("suppressed", [])
    if hidden:
        a = "x" if v.get("from") is None else _value(v.get("from"))
        b = "x" if v.get("to") is None else _value(v.get("to"))
        return f"{a} → {b}"
    return f"{_value(v.get('from'))} → {_value(v.get('to'))}"


def _tables(obj: dict[str, Any]) -> None:
    from rich.table import Table

    p, names = obj["params"], obj["names"]
    head = f"変化 {p['from']} → {p['to']}"
    if p.get("analysis") == "scenario":
        head = f"計画案 {p['scenario']} の効果（{p['at']} 時点、いま → 計画どおりなら）"
    if p.get("answered_with"):
        aw = p["answered_with"]
        head += f"（公表データ {aw['from']} と {aw['to']} の比較）"
    if p.get("area"):
        head += f"  範囲 {names.get(p['area'], p['area'])}"
    console.print(f"[bold]{head}[/]")

    totals = Table(title="記録の増減 / records added and ended")
    for col in ("種類", "新規 added", "終了 ended"):
        totals.add_column(col)
    for key, t in obj["totals"].items():
        totals.add_row(_SECTION_JA.get(key, key), str(t["added"]), str(t["ended"]))
    console.print(totals)

    gaps = Table(title="資源の空白の変化 / gaps")
    for col in ("変化", "地域", "ニーズ", "需要 demand", "資源 supply"):
        gaps.add_column(col, overflow="fold")
    from netmap.model.vocab import need_label

    for state in ("opened", "closed"):
        for g in obj["gaps"][state]:
            gaps.add_row(
                _STATE_JA[state],
                names.get(g["area_id"], g["area_id"]),
                need_label(g["need"]),
                _measure(g, "demand"),
                _measure(g, "supply"),
            )
    gaps.caption = f"継続している空白 / persisting: {len(obj['gaps']['persisting'])}"
    console.print(gaps)

    iso = Table(title="孤立した地域の変化 / isolated areas")
    for col in ("変化", "地域", "理由（前 → 後）"):
        iso.add_column(col, overflow="fold")
    for state in ("newly_isolated", "no_longer_isolated"):
        for a in obj["isolated"][state]:
            iso.add_row(
                _STATE_JA[state],
                names.get(a["area_id"], a["area_id"]),
                f"{_value(a['reasons']['from'])} → {_value(a['reasons']['to'])}",
            )
    console.print(iso)

    br = Table(title=f"橋渡し役の上位 {p['top']} の変化 / bridges")
    for col in ("変化", "団体", "順位", "スコア"):
        br.add_column(col, overflow="fold")
    for state in ("entered", "left"):
        for b in obj["bridges"][state]:
            br.add_row(
                _STATE_JA[state],
                names.get(b["organisation_id"], b["organisation_id"]),
                _measure(b, "rank"),
                _measure(b, "score"),
            )
    console.print(br)
    mb = obj["missing_bridges"]
    console.print(
        f"未接続のネットワークの組 / missing bridges: 新たに {len(mb['appeared'])}、"
        f"接続された {len(mb['bridged'])}"
    )


def _dated(
    settings: Any,
    from_date: str,
    to_date: str | None,
    *,
    level: str,
    area: str | None,
    top: int,
    suppress: bool,
) -> dict[str, Any]:
    """The comparison of two dates (exact, or of the two releases with ``suppress``)."""
    import datetime as dt

    from netmap.service.compare import compare_json
    from netmap.store import open_store

    store = open_store(settings)
    try:
        G = store.export_graph()
        releases = None
        if suppress:
            from netmap.service.releases import graph_source, release_for

            src = graph_source(store, G)
            releases = (
                release_for(settings, src, from_date),
                release_for(settings, src, to_date or dt.date.today()),
            )
        return compare_json(
            G,
            from_date=from_date,
            to_date=to_date or dt.date.today(),
            level=level,
            area=area,
            top=top,
            period=settings.release_period,
            releases=releases,
        )
    finally:
        store.close()


def _scenario(
    settings: Any, plan: Path, at: str | None, *, level: str, area: str | None, top: int
) -> dict[str, Any]:
    from netmap.service.scenarios import evaluate_scenario
    from netmap.store import open_store

    store = open_store(settings)
    try:
        return evaluate_scenario(
            plan, store, settings=settings, at=at, level=level, area=area, top=top
        )
    finally:
        store.close()


def compare(
    from_date: Annotated[
        str | None,
        typer.Option("--from", help="The earlier date (YYYY-MM-DD), e.g. the plan's start."),
    ] = None,
    to_date: Annotated[
        str | None, typer.Option("--to", help="The later date (YYYY-MM-DD); default today.")
    ] = None,
    area: Annotated[
        str | None, typer.Option("--area", "-a", help="Only this area and the areas below it.")
    ] = None,
    level: Annotated[
        str, typer.Option("--level", "-l", help="Area level of gaps, isolation and flows.")
    ] = "district",
    top: Annotated[int, typer.Option("--top", help="Size of the bridge ranking compared.")] = 10,
    suppress: Annotated[
        bool,
        typer.Option(
            "--suppress",
            help="Compare what viewers and meetings see: the two releases on or before "
            "the dates (hidden counts as x, a change involving one hidden too).",
        ),
    ] = False,
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            help="A plan (folder, .zip or .xlsx in the import format: planned "
            "organisations, activities, networks, memberships, partnerships): compare "
            "the network now with the network plus the plan. Validated like an "
            "import, never stored.",
        ),
    ] = None,
    at: PlanAtOpt = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """What changed between two dates: organisations, activities, networks and ties
    added or ended; gaps opened, closed and persisting (demand and supply at both
    dates); areas newly isolated or no longer isolated; bridges entering and leaving
    the top N; missing bridges bridged or appeared; referrals of the period ending at
    each date. Exact counts for analysts; --suppress for what viewers see.

    With --scenario PLAN: the same comparison of "now" and "with the plan" at one
    date (--at): which gaps close, which areas stop being isolated, how bridges
    change. Nothing is stored (docs/compare.md)."""
    from netmap.config import get_settings
    from netmap.service.compare import compare_rows

    settings = get_settings()
    with user_errors(json_output=fmt is OutputFormat.json):
        obj = _comparison(
            settings,
            from_date,
            to_date,
            scenario,
            at,
            level=level,
            area=area,
            top=top,
            suppress=suppress,
        )
    if fmt is OutputFormat.json:
        print_json(obj)
    elif fmt is OutputFormat.csv:
        print_records(compare_rows(obj))
    else:
        _tables(obj)


def _comparison(
    settings: Any,
    from_date: str | None,
    to_date: str | None,
    scenario: Path | None,
    at: str | None,
    *,
    level: str,
    area: str | None,
    top: int,
    suppress: bool,
) -> dict[str, Any]:
    """``netmap compare``'s result: of two dates, or of now and a plan (usage errors for
    options that do not go together)."""
    from netmap.errors import UsageError

    if scenario is not None:
        if from_date or to_date or suppress:
            raise UsageError(
                "--scenario compares now with the plan at --at: "
                "leave out --from, --to and --suppress"
            )
        return _scenario(settings, scenario, at, level=level, area=area, top=top)
    if from_date is None:
        raise UsageError("give --from DATE (and --to DATE), or --scenario PLAN")
    return _dated(settings, from_date, to_date, level=level, area=area, top=top, suppress=suppress)


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
