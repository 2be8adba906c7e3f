"""service.maps and ``netmap map``: files written from a store, layout memory, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.viz.synth import AS_OF
from typer.testing import CliRunner

from netmap.config import Settings, get_settings
from netmap.model.batch import GraphBatch, NodeRecord, RelRecord
from netmap.service.maps import layout_memory_path, render_map, render_map_set
from netmap.store.embedded import EmbeddedStore


def _data(html: str) -> dict[str, Any]:
    m = re.search(r'id="netmap-data">(.*?)</script>', html, re.S)
    assert m
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def _positions(html: str) -> dict[str, tuple[float, float]]:
    return {n["id"]: (n["x"], n["y"]) for n in _data(html)["nodes"]}


def _referral_links(html: str) -> int:
    return sum(1 for e in _data(html)["edges"] if e["nm"]["type"] == "referral")


def _release_file(settings: Settings, rid: str) -> Path:
    return Path(settings.data_dir) / "releases" / f"{rid}.json.gz"


def test_render_map_writes_one_file(
    city_store: EmbeddedStore, city_settings: Settings, tmp_path: Path
) -> None:
    out = render_map(
        city_store,
        area="w01",
        as_of=AS_OF,
        output=tmp_path / "m" / "w01.html",
        settings=city_settings,
    )
    assert out == tmp_path / "m" / "w01.html"
    assert list(out.parent.iterdir()) == [out]  # nothing beside it (no lib/ folder)
    html = out.read_text(encoding="utf-8")
    assert "神奈川区 支援ネットワークマップ" in html
    # answered by the release of the latest month end on or before as_of (2024-06-15),
    # kept in the data dir and frozen now that a map has shown it
    assert "基準日 2024-05-31" in html and _referral_links(html) > 0
    assert _release_file(city_settings, "month-2024-05-31").exists()
    assert (Path(city_settings.data_dir) / "releases" / "month-2024-05-31.served").exists()


def test_as_of_is_answered_by_the_latest_month_end_on_or_before_it(
    city_store: EmbeddedStore, city_settings: Settings, tmp_path: Path
) -> None:
    G = city_store.export_graph()

    def page(as_of: str) -> str:
        out = tmp_path / f"{as_of}.html"
        return render_map(
            city_store, area="w00", as_of=as_of, output=out, settings=city_settings, graph=G
        ).read_text(encoding="utf-8")

    may, april = page("2024-05-31"), page("2024-05-30")
    assert "基準日 2024-05-31" in may and "2024-05-01〜2024-05-31" in may
    assert "基準日 2024-04-30" in april and "2024-04-01〜2024-04-30" in april
    # the synthetic referrals are all of May: April's map has no referral link
    assert _referral_links(may) > 0 and _referral_links(april) == 0
    assert {i.name for i in (Path(city_settings.data_dir) / "releases").glob("*.json.gz")} == {
        "month-2024-04-30.json.gz",
        "month-2024-05-31.json.gz",
    }


def test_map_set_links_city_and_wards(
    city_store: EmbeddedStore, city_settings: Settings, tmp_path: Path
) -> None:
    result = render_map_set(city_store, tmp_path / "maps", as_of=AS_OF, settings=city_settings)
    assert result.city == tmp_path / "maps" / "map.html"
    assert set(result.wards) == {"w00", "w01"}
    city = result.city.read_text(encoding="utf-8")
    assert "基準日 2024-05-31" in city
    for w, path in result.wards.items():
        assert path.exists()
        assert f'href="wards/{w}.html"' in city
        ward = path.read_text(encoding="utf-8")
        assert 'href="../map.html"' in ward
        assert "基準日 2024-05-31" in ward  # every map of the set reads the same release


def test_next_months_map_keeps_positions(
    city_store: EmbeddedStore, city_settings: Settings, tmp_path: Path
) -> None:
    first = _positions(
        render_map(
            city_store,
            area="w00",
            as_of=AS_OF,
            output=tmp_path / "april.html",
            settings=city_settings,
        ).read_text(encoding="utf-8")
    )
    assert layout_memory_path(city_settings, "w00").exists()
    released = _release_file(city_settings, "month-2024-05-31").read_bytes()
    # an import adds an organisation
    city_store.upsert(
        GraphBatch(
            nodes=[
                NodeRecord(
                    "Organisation", "o-new", {"id": "o-new", "name": "NPO法人しんき", "kind": "npo"}
                )
            ],
            rels=[RelRecord("LOCATED_IN", "o-new", "w00d02")],
        )
    )
    second = _positions(
        render_map(
            city_store,
            area="w00",
            as_of=AS_OF,
            output=tmp_path / "may.html",
            settings=city_settings,
        ).read_text(encoding="utf-8")
    )
    assert set(second) == set(first) | {"o-new"}
    assert {n: second[n] for n in first} == first
    # the release a map has shown is frozen: the import did not rebuild it
    assert _release_file(city_settings, "month-2024-05-31").read_bytes() == released


def test_cli_map(
    city_store: EmbeddedStore,
    city_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from netmap.cli import app

    city_store.close()
    monkeypatch.setenv("NETMAP_DATA_DIR", str(city_settings.data_dir))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        out = tmp_path / "cli" / "map.html"
        res = runner.invoke(app, ["map", "--as-of", AS_OF, "--output", str(out), "--wards"])
        assert res.exit_code == 0, res.output
        assert out.exists() and (tmp_path / "cli" / "wards" / "w00.html").exists()
        res = runner.invoke(
            app, ["map", "--area", "w00d01", "--as-of", AS_OF, "-o", str(tmp_path / "d.html")]
        )
        assert res.exit_code == 0, res.output
        assert "地区" in (tmp_path / "d.html").read_text(encoding="utf-8")
        res = runner.invoke(app, ["map", "--area", "nowhere", "-o", str(tmp_path / "x.html")])
        assert res.exit_code == 1 and "nowhere" in res.output
        res = runner.invoke(app, ["map", "--as-of", "last april", "-o", str(tmp_path / "x.html")])
        assert res.exit_code == 2
        assert not (tmp_path / "x.html").exists()
    finally:
        get_settings.cache_clear()
