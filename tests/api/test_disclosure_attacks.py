"""Attacks on disclosure control, through the HTTP API with a viewer token.

A crafted city where small counts sit next to the totals that used to give them away
(the issue's ``{ward 30: 3, 4, 23}``, a referral link of 10 accepted + 2 declined,
residents 20 of whom 17 isolated, referrals one a day). One test per class of attack:
levels, filters and order, parts of totals, links, complements, dates, marks. Each
gathers what a viewer can read and shows that no count from 1 to 9 can be derived: the
attacker's knowledge (every number shown, at every level, plus the additive relations any
user knows) is handed to the LP audit, which bounds every hidden value.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from tests.api.conftest import Api

from netmap.api import create_app
from netmap.auth import Role, token_store
from netmap.config import Settings
from netmap.disclosure.audit import AuditReport, audit_cells
from netmap.ingest.pipeline import run_import
from netmap.service.releases import release_store
from netmap.store.embedded import EmbeddedStore

THRESHOLD = 10
NOV = "2026-11-30"  # the release viewers get today (2026-12-07) and in these tests
LEVELS = ("city", "ward", "district")
NEEDS = ("food", "isolation")

# districts: residents with needs per need, and how many take part in the salon
RESIDENTS = {
    "w1-a": {"food": 3},
    "w1-b": {"food": 4},
    "w1-c": {"food": 13, "isolation": 10},
    "w2-a": {"food": 8, "isolation": 7},
    "w2-b": {"food": 12},
}
PARTICIPANTS = {"w1-c": 3, "w2-a": 1}  # the rest of each district is isolated


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def write_city(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    _write(
        folder / "areas.csv",
        ["id", "name", "level", "parent_id"],
        [
            ["c", "試験市", "city", ""],
            ["w1", "第一区", "ward", "c"],
            ["w2", "第二区", "ward", "c"],
            ["w1-a", "一ノ地区", "district", "w1"],
            ["w1-b", "二ノ地区", "district", "w1"],
            ["w1-c", "三ノ地区", "district", "w1"],
            ["w2-a", "四ノ地区", "district", "w2"],
            ["w2-b", "五ノ地区", "district", "w2"],
        ],
    )
    orgs = [["o-w1", "第一区生活支援課", "welfare_office", "w1", ""]]
    orgs += [["o-w2", "第二区生活支援課", "welfare_office", "w2", ""]]
    orgs += [[f"o-{d}", f"{d}ケアプラザ", "community_care_plaza", d, ""] for d in RESIDENTS]
    orgs += [["o-npo", "フードの会", "npo", "w1-c", "food"]]
    _write(folder / "organisations.csv", ["id", "name", "kind", "area_id", "provides"], orgs)
    _write(
        folder / "activities.csv",
        ["id", "name", "kind", "organisation_id", "area_id", "needs"],
        [
            ["act-salon", "三ノ地区サロン", "salon", "o-w1-c", "w1-c", "isolation"],
            ["act-salon2", "四ノ地区サロン", "salon", "o-w2-a", "w2-a", "isolation"],
        ],
    )
    residents, parts = [], []
    n = 0
    for d, needs in RESIDENTS.items():
        # residents with food come first; the first `isolation` of them have both needs
        for i in range(needs["food"]):
            n += 1
            with_iso = i < needs.get("isolation", 0)
            residents.append([f"R{n:04d}", d, "food;isolation" if with_iso else "food"])
            if i < PARTICIPANTS.get(d, 0):
                parts.append([f"R{n:04d}", "act-salon" if d == "w1-c" else "act-salon2"])
    _write(folder / "residents.csv", ["id", "area_id", "needs"], residents)
    _write(folder / "participations.csv", ["resident_id", "activity_id"], parts)
    refs = []
    k = 0

    def ref(day: str, src: str, dst: str, need: str, status: str) -> None:
        nonlocal k
        k += 1
        refs.append([f"ref-{k:04d}", day, src, dst, need, status])

    # November (the period of the release): the classic link 10 accepted + 2 declined
    for i in range(10):
        ref(f"2026-11-{i + 1:02d}", "o-w1-c", "o-npo", "food", "accepted")
    for i in range(2):
        ref(f"2026-11-{i + 15:02d}", "o-w1-c", "o-npo", "food", "declined")
    # one referral a day from w2-a in November and October (dates attack)
    for day in range(1, 31):
        ref(f"2026-11-{day:02d}", "o-w2-a", "o-w2", "food", "open")
        ref(f"2026-10-{day:02d}", "o-w2-a", "o-w2", "food", "open")
    for i in range(3):
        ref(f"2026-11-{i + 20:02d}", "o-w1-a", "o-w1", "isolation", "closed")
    for i in range(11):
        ref(f"2026-10-{i + 1:02d}", "o-w2-b", "o-w2", "food", "accepted")
    _write(folder / "referrals.csv", ["id", "date", "from_id", "to_id", "need", "status"], refs)
    return folder


@pytest.fixture(scope="module")
def attack_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    root = tmp_path_factory.mktemp("attack")
    folder = write_city(root / "csv")
    settings = Settings(
        data_dir=root / "data",
        store="embedded",
        pseudonym_key=SecretStr("attack-test-key"),
        suppression_threshold=THRESHOLD,
    )
    store = EmbeddedStore(settings.embedded_path)
    try:
        run_import(folder, store, settings=settings)
    finally:
        store.close()
    tokens = {
        (role.value, None): token_store(settings).create(role, name=role.value)[1] for role in Role
    }
    app = create_app(settings, store_factory=lambda s: EmbeddedStore(s.embedded_path))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client=client, settings=settings, tokens=tokens)


def _get(api: Api, path: str, role: str = "viewer", **params: Any) -> dict[str, Any]:
    r = api.client.get(f"/api/v1{path}", params=params, headers=api.headers(role))
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


# --------------------------------------------------------------------------- the attacker


def gather(api: Api, as_of: str = NOV) -> dict[str, int | None]:
    """Every resident and referral count a viewer can read, at every level, keyed like the
    release's cells (``res|area``, ``dem|area|need``, ``out|area|status|open``...)."""
    seen: dict[str, int | None] = {}

    def put(key: str, value: int | None) -> None:
        if key in seen:
            assert seen[key] == value, f"{key} shown as {seen[key]} and {value}"
        seen[key] = value

    for level in LEVELS:
        iso = _get(api, "/analyses/isolated", level=level, as_of=as_of)
        for a in iso["areas"]:
            put(f"res|{a['area_id']}", a["residents_with_needs"])
            put(f"iso|{a['area_id']}", a["isolated_residents"])
        gaps = _get(api, "/analyses/gaps", level=level, as_of=as_of, ratio=0.001)
        for g in gaps["gaps"]:
            put(f"dem|{g['area_id']}|{g['need']}", g["demand"])
        for u in gaps["unallocated"]:
            put(f"dem|{u['area_id']}#own|{u['need']}", u["demand"])
        flows = _get(api, "/analyses/flows", level=level, as_of=as_of)
        for a in flows["areas"]:
            aid = a["area_id"]
            put(f"out|{aid}", a["referrals_out"])
            put(f"in|{aid}", a["referrals_in"])
            for s in STATUSES:
                put(f"out|{aid}|status|{s}", a[s])
            for n in a["by_need"]:
                put(f"out|{aid}|need|{n['need']}", n["referrals_out"])
                put(f"in|{aid}|need|{n['need']}", n["referrals_in"])
            for k in a["by_org_kind"]:
                put(f"out|{aid}|kind|{k['kind']}", k["referrals_out"])
    return seen


def attacker_audit(api: Api, seen: dict[str, int | None]) -> AuditReport:
    """Bound every hidden value from what was seen plus the relations every user knows:
    an area's count is its districts' plus what sits at the area itself (unknown unless
    shown), residents = isolated + reached (reached unknown), a referral total is the sum
    of its statuses, of its needs and of its kinds (each unknown part a variable). The
    attacker is made *stronger* than a real one: an unknown that is really 0 is treated
    as known to be 0, one the release does not protect (10 or more) as known, and every
    other unknown as at least 1."""
    rel = release_store(api.settings).get(dt.date.fromisoformat(NOV))
    assert rel is not None
    exact = {"|".join(k): e for k, (e, _s) in rel.cells.items()}
    public = {"|".join(k): s for k, (_e, s) in rel.cells.items() if s is not None}
    cells: dict[str, int | None] = dict(seen)
    relations: list[tuple[str, list[str]]] = []

    def known_or_variable(key: str) -> str | None:
        if key in cells:
            return key
        if exact.get(key, 0) == 0:
            return None  # granted: it is 0
        cells[key] = public.get(key)  # granted: a count the release does not protect
        return key

    areas = _get(api, "/areas", limit=500)["items"]
    children: dict[str, list[str]] = {}
    for a in areas:
        if a["parent_id"]:
            children.setdefault(a["parent_id"], []).append(a["id"])
    shapes = {(k.split("|")[0], *k.split("|")[2:]) for k in seen}
    for parent, kids in sorted(children.items()):
        for head, *rest in sorted(shapes):
            total = "|".join([head, parent, *rest])
            if total not in seen:
                continue
            names = ["|".join([head, c, *rest]) for c in kids]
            names.append("|".join([head, f"{parent}#own", *rest]))
            parts = [p for p in map(known_or_variable, names) if p]
            relations.append((total, parts))
    for key in sorted(seen):
        bits = key.split("|")
        if len(bits) != 2:
            continue
        head, aid = bits
        if head == "res":
            names = [f"iso|{aid}", f"reach|{aid}"]
            relations.append((key, [p for p in map(known_or_variable, names) if p]))
        dims = {"out": ("status", "need", "kind"), "in": ("need",)}.get(head, ())
        for dim in dims:
            prefix = f"{head}|{aid}|{dim}|"
            names = sorted({k for k in [*seen, *exact] if k.startswith(prefix)})
            relations.append((key, [p for p in map(known_or_variable, names) if p]))
    return audit_cells(cells, relations, THRESHOLD, intervals=True)


def assert_nothing_small_derivable(report: AuditReport) -> None:
    assert report.passed, [f"{f.cell} in [{f.lower}, {f.upper}]" for f in report.failures]
    for cell, iv in report.intervals.items():
        assert iv.upper >= THRESHOLD and iv.lower < iv.upper, (cell, iv)


STATUSES = ("open", "accepted", "declined", "closed")


# --------------------------------------------------------------------------- the attacks


def test_levels_parts_and_complements_derive_nothing(attack_api: Api) -> None:
    """Levels (ward minus its shown districts), parts (a total minus its shown needs,
    statuses, kinds) and complements (residents minus isolated) combined, at once."""
    seen = gather(attack_api)
    hidden = sorted(k for k, v in seen.items() if v is None)
    # the crafted small counts are there, and hidden
    assert {"res|w1-a", "res|w1-b", "dem|w1-a|food", "dem|w1-b|food"} <= set(hidden)
    assert all(v is None or v == 0 or v >= THRESHOLD for v in seen.values())
    report = attacker_audit(attack_api, seen)
    assert report.hidden >= len(hidden) > 10
    assert_nothing_small_derivable(report)


def test_ward_minus_districts_is_not_the_hidden_district(attack_api: Api) -> None:
    """The issue's case: ward 30 with districts 3, 4, 23 (residents with food need)."""
    ward = _get(attack_api, "/analyses/gaps", level="ward", as_of=NOV, need="food", ratio=0.001)
    dist = _get(attack_api, "/analyses/gaps", level="district", area="w1", need="food", ratio=0.001)
    shown_ward = {g["area_id"]: g["demand"] for g in ward["gaps"]}
    shown = {g["area_id"]: g["demand"] for g in dist["gaps"]}
    assert set(shown) == {"w1-a", "w1-b", "w1-c"}
    hidden = [a for a, v in shown.items() if v is None]
    if shown_ward["w1"] is not None:  # the ward total is published ...
        assert len(hidden) >= 2  # ... so at least two districts are hidden, and together
        slack = shown_ward["w1"] - sum(v for v in shown.values() if v is not None)
        assert slack - (len(hidden) - 1) >= THRESHOLD  # they leave each room to reach 10


def test_filters_treat_every_hidden_value_alike(attack_api: Api) -> None:
    """min_demand = k for k = 1..12 and ratio: a hidden gap appears or disappears as a
    band, never at its own value; rows are ordered by published values only."""
    by_k: dict[int, list[tuple[str, str, Any]]] = {}
    for k in range(1, THRESHOLD + 3):
        res = _get(attack_api, "/analyses/gaps", as_of=NOV, min_demand=k, ratio=0.001)
        by_k[k] = [(g["area_id"], g["need"], g["demand"]) for g in res["gaps"]]
        demands = [d for _a, _n, d in by_k[k]]
        shown = [d for d in demands if d is not None]
        # shown rows first, by published demand; hidden ones after, by id only
        assert demands == shown + [None] * (len(demands) - len(shown))
        assert shown == sorted(shown, reverse=True)
        by_k[k] = [
            (a, n, d)
            for (a, n, d), g in zip(by_k[k], res["gaps"], strict=True)
            if g["kind"] == "gap"
        ]
        hidden_rows = [(a, n) for a, n, d in by_k[k] if d is None]
        assert hidden_rows == sorted(hidden_rows)
    hidden_sets = {k: {(a, n) for a, n, d in rows if d is None} for k, rows in by_k.items()}
    assert hidden_sets[1]  # the crafted hidden demands are there
    for k in range(1, THRESHOLD + 1):
        assert hidden_sets[k] == hidden_sets[1]  # the same band for every k up to 10
    for k in range(THRESHOLD + 1, THRESHOLD + 3):
        assert hidden_sets[k] == set()  # and gone above it, all together
    # ratio: a hidden demand with supply decides as the threshold would, whatever it is
    for r in (0.5, 1.0, 2.0, 5.0, 9.0, 9.99, 10.0, 20.0):
        res = _get(attack_api, "/analyses/gaps", as_of=NOV, ratio=r)
        for g in res["gaps"]:
            if g["kind"] == "undersupplied" and g["demand"] is None:
                assert THRESHOLD / g["supply"] > r


def test_links_show_no_counts(attack_api: Api) -> None:
    """A referral link (10 accepted + 2 declined) shows that referrals ran, never how
    many or with which status: in the map and in the network files."""
    r = attack_api.client.get(
        "/api/v1/maps/w1", params={"as_of": NOV}, headers=attack_api.headers("viewer")
    )
    assert r.status_code == 200, r.text
    html = r.content.decode("utf-8")
    block = re.search(
        r'<script type="application/json" id="netmap-data">(.*?)</script>', html, re.S
    )
    assert block is not None
    data = json.loads(block.group(1))
    links = [e for e in data["edges"] if e["nm"]["layer"] == "flow"]
    assert links  # the link o-w1-c -> o-npo is drawn ...
    for e in links:  # ... with no count or status anywhere in it
        text = json.dumps(e["nm"], ensure_ascii=False)
        assert not re.search(r"\d", text) and "受入" not in text, text
        assert e["nm"]["lines"] == [["紹介（つなぎ）", "期間内に紹介あり"]]
    for ext in ("graphml", "gexf", "json"):
        r = attack_api.client.get(
            f"/api/v1/exports/w1-c.{ext}",
            params={"as_of": NOV},
            headers=attack_api.headers("viewer"),
        )
        assert r.status_code == 200, r.text
        text = r.content.decode("utf-8")
        assert "statuses" not in text and "count_text" not in text


def test_dates_never_subtract_into_events(attack_api: Api) -> None:
    """Flows at two days of one month are the same release; two month ends publish the
    referrals of each month (one a day from w2-a), never running totals."""
    a = _get(attack_api, "/analyses/flows", level="district", as_of="2026-11-15")
    b = _get(attack_api, "/analyses/flows", level="district", as_of="2026-11-16")
    assert a["params"]["release"] == b["params"]["release"] == "month-2026-10-31"
    assert a["areas"] == b["areas"]
    nov = _get(attack_api, "/analyses/flows", level="district", as_of=NOV)
    oct_ = _get(attack_api, "/analyses/flows", level="district", as_of="2026-10-31")
    assert (nov["params"]["period_start"], nov["params"]["reference_date"]) == (
        "2026-11-01",
        "2026-11-30",
    )
    out_nov = {x["area_id"]: x["referrals_out"] for x in nov["areas"]}
    out_oct = {x["area_id"]: x["referrals_out"] for x in oct_["areas"]}
    assert out_nov["w2-a"] == 30 and out_oct["w2-a"] == 30  # per period, not 60
    assert out_oct["w2-b"] == 11 and out_nov["w2-b"] == 0
    # a viewer cannot ask for a day: the latest month end on or before it answers
    today = _get(attack_api, "/analyses/flows", level="district")
    assert today["params"]["reference_date"] <= dt.date.today().isoformat()
    assert today["params"]["reference_date"].endswith(("-30", "-31", "-28", "-29"))


def test_one_mark_everywhere(attack_api: Api) -> None:
    """Every hidden cell reads "x" (JSON null + "suppressed"); never "<10" or 非表示."""
    h = attack_api.headers("viewer")
    for path in ("/analyses/gaps", "/analyses/isolated", "/analyses/flows"):
        body = attack_api.client.get(f"/api/v1{path}", params={"as_of": NOV}, headers=h).text
        assert "<10" not in body and "非表示" not in body
        assert '"mark":"x"' in body
    for ext in ("csv", "xlsx", "svg", "json"):
        r = attack_api.client.get(f"/api/v1/exports/w1.{ext}", params={"as_of": NOV}, headers=h)
        assert r.status_code == 200
        if ext == "xlsx":
            import io

            import openpyxl

            wb = openpyxl.load_workbook(io.BytesIO(r.content))
            texts = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value]
            assert "x" in texts
            body = "\n".join(texts)
        else:
            body = r.content.decode("utf-8")
        assert "<10" not in body and "&lt;10" not in body and "非表示" not in body


def test_analysts_keep_exact_values(attack_api: Api) -> None:
    exact = _get(attack_api, "/analyses/gaps", role="analyst", as_of=NOV, need="food")
    demand = {g["area_id"]: g["demand"] for g in exact["gaps"]}
    assert demand["w1-a"] == 3 and demand["w1-b"] == 4
    flows = _get(attack_api, "/analyses/flows", role="analyst", as_of=NOV)
    out = {a["area_id"]: a["referrals_out"] for a in flows["areas"]}
    assert out["w2-a"] == 60  # analysts: every referral up to the date
