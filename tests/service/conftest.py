"""Fixtures of the service tests: the sample in an embedded store (never Neo4j) with
settings in a temporary data dir, as the upkeep tests use them (tests/upkeep/upkeep_sample.py
has the records they use), and the privacy fixture of the export tests: known raw resident
ids and small counts, imported into a temporary embedded store (the dates of its release
are in tests/export_data.py)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.export_data import Data
from tests.upkeep.upkeep_sample import SAMPLE, make_settings

from netmap.config import Settings
from netmap.ingest.pipeline import run_import
from netmap.privacy import pseudonymise
from netmap.store.embedded import EmbeddedStore


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture
def store(settings: Settings) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(settings.embedded_path)
    run_import(SAMPLE, s, settings=settings)
    try:
        yield s
    finally:
        s.close()


# --------------------------------------------------------------------------- privacy fixture

KEY = "exports-test-key"


def _load(root: Path, csv_dir: Path) -> Data:
    settings = Settings(data_dir=root / "data", pseudonym_key=KEY, suppression_threshold=10)
    store = EmbeddedStore(settings.embedded_path)
    store.init()
    try:
        run_import(csv_dir, store, settings=settings)
        G = store.export_graph()
    finally:
        store.close()
    return Data(csv_dir, settings, G)


#: district → (Japanese name, resident raw ids, need). Counts 7, 6, 5 are below the
#: threshold; 12 is above it (the ward's 30 is shown, its three small parts hidden).
#: 4 of district A's residents take part in the salon (4 participants, 3 not reached).
#: Referrals in November (the release's period): 2 about food out of A into B (A01, A02,
#: open); 12 about employment out of D's company to the ward office (D01-D10 accepted, so
#: reached; D11, D12 declined); 11 about debt out of the ward office into B (closed, no
#: resident). One more out of D is dated in October: the November release counts 12 out
#: of D, not 13.
DISTRICTS = {
    "pv-a": ("朝日地区", [f"RAWSECRET-A{i:02d}" for i in range(1, 8)], "food"),
    "pv-b": ("夕日地区", [f"RAWSECRET-B{i:02d}" for i in range(1, 7)], "isolation"),
    "pv-c": ("星見地区", [f"RAWSECRET-C{i:02d}" for i in range(1, 6)], "housing"),
    "pv-d": ("月見地区", [f"RAWSECRET-D{i:02d}" for i in range(1, 13)], "employment"),
}
#: a second ward where one district is small (8): the release hides the next smallest (15)
#: too, so its total (43) minus the shown district (20) reveals no single count.
WARD2 = {
    "pv-e": ("東町地区", [f"RAWSECRET-E{i:02d}" for i in range(1, 9)], "debt"),
    "pv-f": ("西町地区", [f"RAWSECRET-F{i:02d}" for i in range(1, 16)], "debt"),
    "pv-g": ("南町地区", [f"RAWSECRET-G{i:02d}" for i in range(1, 21)], "debt"),
}
#: Hidden counts of each district the exports must never show next to its name (residents,
#: isolated, reached, demand, participants, referrals; 1-3 are left out of the scan, as the
#: districts' organisation, membership, tie and activity figures take those values).
SMALL = {
    "pv-a": {7, 3, 4, 2},
    "pv-b": {6, 2, 11},
    "pv-c": {5},
    "pv-d": {2, 10},
    "pv-e": {8},
    "pv-f": {15},
}
RAW_IDS = [r for _, ids, _ in (*DISTRICTS.values(), *WARD2.values()) for r in ids]


def pseudonyms() -> list[str]:
    return [pseudonymise(r, KEY.encode("utf-8")) for r in RAW_IDS]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def write_privacy_csv(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    src = "試験調査"
    _write(
        folder / "areas.csv",
        ["id", "name", "level", "parent_id", "source"],
        [
            ["pv-city", "試験市", "city", "", src],
            ["pv-ward", "試験区", "ward", "pv-city", src],
            *[[a, name, "district", "pv-ward", src] for a, (name, _, _) in DISTRICTS.items()],
            ["pv-ward2", "第二区", "ward", "pv-city", src],
            *[[a, name, "district", "pv-ward2", src] for a, (name, _, _) in WARD2.items()],
        ],
    )
    _write(
        folder / "organisations.csv",
        ["id", "name", "kind", "area_id", "sectors", "provides", "source"],
        [
            ["pv-office", "試験区生活支援課", "welfare_office", "pv-ward", "行政", "debt", src],
            [
                "pv-plaza",
                "朝日ケアプラザ",
                "community_care_plaza",
                "pv-a",
                "福祉",
                "elder_care",
                src,
            ],
            ["pv-school", "朝日小学校", "school", "pv-a", "教育", "", src],
            ["pv-npo", "NPO法人ゆうひ", "npo", "pv-b", "地域", "", src],
            ["pv-jichikai", "星見自治会", "neighbourhood_association", "pv-c", "地域", "", src],
            ["pv-company", "月見工業", "company", "pv-d", "企業", "", src],
        ],
    )
    _write(
        folder / "networks.csv",
        ["id", "name", "kind", "covers", "source"],
        [
            ["pv-net-care", "試験区地域ケア会議", "field", "pv-ward", src],
            ["pv-net-kids", "試験区子育て支援ネットワーク", "field", "", src],
            ["pv-net-bosai", "星見防災会", "theme", "pv-c", src],
        ],
    )
    _write(
        folder / "memberships.csv",
        ["organisation_id", "network_id", "role"],
        [
            ["pv-office", "pv-net-care", "secretariat"],
            ["pv-plaza", "pv-net-care", "member"],
            ["pv-school", "pv-net-kids", "member"],
            ["pv-npo", "pv-net-kids", "member"],
            ["pv-jichikai", "pv-net-bosai", "member"],
        ],
    )
    _write(
        folder / "partnerships.csv",
        ["source_id", "target_id", "kind"],
        [["pv-office", "pv-company", "employment_support"]],
    )
    _write(
        folder / "activities.csv",
        ["id", "name", "kind", "organisation_id", "area_id", "needs", "target_groups", "capacity"],
        [
            ["pv-salon", "朝日サロン", "salon", "pv-plaza", "pv-a", "isolation", "elderly", "20"],
            ["pv-shokudo", "ゆうひ食堂", "food_support", "pv-npo", "pv-b", "food", "all", "30"],
            ["pv-work", "月見職場体験", "employment_training", "pv-company", "pv-d", "employment",
             "youth", "5"],
        ],
    )  # fmt: skip
    _write(
        folder / "residents.csv",
        ["id", "area_id", "needs", "age_band"],
        [
            [r, a, need, "40-49"]
            for a, (_, ids, need) in (*DISTRICTS.items(), *WARD2.items())
            for r in ids
        ],
    )
    _write(
        folder / "participations.csv",
        ["resident_id", "activity_id", "since"],
        [[f"RAWSECRET-A{i:02d}", "pv-salon", "2024-04-01"] for i in range(1, 5)],
    )
    _write(
        folder / "referrals.csv",
        ["id", "date", "from_id", "to_id", "need", "status", "resident_id"],
        [
            # November (the release's period): 2 food referrals out of 朝日 into 夕日 ...
            ["pv-ref-1", "2026-11-02", "pv-plaza", "pv-npo", "food", "open", "RAWSECRET-A01"],
            ["pv-ref-2", "2026-11-03", "pv-plaza", "pv-npo", "food", "open", "RAWSECRET-A02"],
            # ... 12 employment referrals out of 月見 to the ward office: 10 accepted (those
            # residents are reached), 2 declined ...
            *[
                [f"pv-ref-d{i:02d}", f"2026-11-{i + 4:02d}", "pv-company", "pv-office",
                 "employment", "accepted" if i <= 10 else "declined", f"RAWSECRET-D{i:02d}"]
                for i in range(1, 13)
            ],
            # ... and 11 debt referrals out of the ward office (the ward's own cell) into 夕日
            *[
                [f"pv-ref-w{i:02d}", f"2026-11-{i + 4:02d}", "pv-office", "pv-npo", "debt",
                 "closed", ""]
                for i in range(1, 12)
            ],
            # October: an earlier period, never counted by the November release
            ["pv-ref-old", "2026-10-15", "pv-company", "pv-office", "employment", "declined",
             "RAWSECRET-D12"],
        ],
    )  # fmt: skip
    return folder


@pytest.fixture(scope="session")
def privacy(tmp_path_factory: pytest.TempPathFactory) -> Data:
    """The privacy fixture (known raw ids, pseudonyms and small counts), imported."""
    root = tmp_path_factory.mktemp("exports-privacy")
    return _load(root, write_privacy_csv(root / "csv"))
