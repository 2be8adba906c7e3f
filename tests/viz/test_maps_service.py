"""service.maps and ``netmap map``: files written from a store, layout memory, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netmap.config import Settings, get_settings
from netmap.model.batch import GraphBatch, NodeRecord, RelRecord
from netmap.service.maps import layout_memory_path, render_map, render_map_set
from netmap.store.embedded import EmbeddedStore

from .conftest import AS_OF


def _positions(html: str) -> dict[str, tuple[float, float]]:
    m = re.search(r'id="netmap-data">(.*?)</script>', html, re.S)
    assert m
    return {n["id"]: (n["x"], n["y"]) for n in json.loads(m.group(1))["nodes"]}


def test_render_map_writes_one_file(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    out = render_map(
        store, area="w01", as_of=AS_OF, output=tmp_path / "m" / "w01.html", settings=settings
    )
    assert out == tmp_path / "m" / "w01.html"
    assert list(out.parent.iterdir()) == [out]  # nothing beside it (no lib/ folder)
    assert "神奈川区 支援ネットワークマップ" in out.read_text(encoding="utf-8")


def test_map_set_links_city_and_wards(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    result = render_map_set(store, tmp_path / "maps", as_of=AS_OF, settings=settings)
    assert result.city == tmp_path / "maps" / "map.html"
    assert set(result.wards) == {"w00", "w01"}
    city = result.city.read_text(encoding="utf-8")
    for w, path in result.wards.items():
        assert path.exists()
        assert f'href="wards/{w}.html"' in city
        assert 'href="../map.html"' in path.read_text(encoding="utf-8")


def test_next_months_map_keeps_positions(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    first = _positions(
        render_map(
            store, area="w00", as_of=AS_OF, output=tmp_path / "april.html", settings=settings
        ).read_text(encoding="utf-8")
    )
    assert layout_memory_path(settings, "w00").exists()
    # an import adds an organisation
    store.upsert(
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
            store, area="w00", as_of=AS_OF, output=tmp_path / "may.html", settings=settings
        ).read_text(encoding="utf-8")
    )
    assert set(second) == set(first) | {"o-new"}
    assert {n: second[n] for n in first} == first


def test_cli_map(
    store: EmbeddedStore, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netmap.cli import app

    store.close()
    monkeypatch.setenv("NETMAP_DATA_DIR", str(settings.data_dir))
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
