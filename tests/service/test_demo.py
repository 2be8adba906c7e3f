"""``netmap demo`` (:func:`netmap.service.demo.run_demo`) exports the store's graph once and
every product reads that graph (issue 17: one graph per run)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from netmap.config import Settings
from netmap.service.demo import run_demo
from netmap.store.embedded import EmbeddedStore


class CountingStore(EmbeddedStore):
    exports = 0

    def export_graph(self) -> Any:
        CountingStore.exports += 1
        return super().export_graph()


def test_demo_exports_the_graph_once_and_writes_every_product(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", store="embedded", pseudonym_key=SecretStr("demo-run")
    )
    store = CountingStore(settings.embedded_path)
    try:
        result = run_demo(store, settings, tmp_path / "out", scale=0.02)
    finally:
        store.close()
    assert CountingStore.exports == 1
    out = tmp_path / "out"
    names = {p.relative_to(out).as_posix() for p in result.written if p.is_file()}
    assert {"stats.json", "analyses/gaps.json", "maps/map.html"} <= names
    assert any(n.startswith("exports/diagram-") and n.endswith(".png") for n in names)
    assert any(n.startswith("exports/sheet-") for n in names)
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    gaps = json.loads((out / "analyses" / "gaps.json").read_text(encoding="utf-8"))
    assert stats["nodes"]["Organisation"] > 0 and gaps["gaps"]
