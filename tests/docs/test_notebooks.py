"""The notebooks: stored without outputs, written against the public API only, and run top
to bottom (nbclient, kernel ``python3`` of this environment) on the embedded store in a
temporary folder."""

from __future__ import annotations

import ast
import base64
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

import netmap

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = [
    "01_getting_started",
    "02_gap_analysis",
    "03_networks_and_bridges",
    "04_district_meeting",
    "05_change_and_scenarios",
]


def _read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]


def _code_cells(nb: Any) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_the_four_notebooks_are_there() -> None:
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    nb = _read(path)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], (path.name, cell.source[:60])
            assert cell.execution_count is None, path.name
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_uses_only_the_public_api(path: Path) -> None:
    nb = _read(path)
    used: set[str] = set()
    for source in _code_cells(nb):
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("netmap."), (path.name, alias.name)
            elif isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("netmap"), (path.name, node.module)
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "netmap"
            ):
                used.add(node.attr)
    assert used, path.name
    assert used <= set(netmap.__all__), (path.name, used - set(netmap.__all__))


def test_public_api_names_resolve() -> None:
    assert sorted(netmap.__all__) == sorted(["__version__", *netmap._PUBLIC])
    for name in netmap.__all__:
        assert getattr(netmap, name) is not None, name
    with pytest.raises(AttributeError):
        _ = netmap.no_such_function


def _outputs(nb: Any) -> tuple[str, list[bytes], str]:
    """All stream text, PNG images and HTML of an executed notebook."""
    text, images, html = [], [], []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                text.append(out.text)
            elif out.output_type in ("display_data", "execute_result"):
                data = out.get("data", {})
                if "image/png" in data:
                    images.append(base64.b64decode(data["image/png"]))
                html.append(data.get("text/html", ""))
    return "".join(text), images, "".join(html)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kernel inherits this environment: its temporary folders land in tmp_path, and a
    # notebook that wrongly used the configured store would find an empty data dir there.
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path / "configured-data-dir"))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the inline backend shows figures
    nb = _read(path)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError with the traceback on any failing cell

    text, images, html = _outputs(nb)
    assert "demo loaded into" in text
    assert not (tmp_path / "configured-data-dir").exists()
    written = {p.name for p in tmp_path.rglob("*") if p.is_file()}
    if path.stem == "01_getting_started":
        assert "map-hodogaya.html" in written
        assert "<iframe srcdoc=" in html and "vis-network" in html
        assert "岩間地区" in html  # the gap table
    elif path.stem == "02_gap_analysis":
        assert images and all(i.startswith(b"\x89PNG") for i in images)
        assert "2025-06-01 no gap" in text
        assert "2026-12-01 [('gap', 19, 0)]" in text
        assert "野庭みんなの居場所" in text  # the 居場所 to extend (planted)
        assert "hodogaya-tables.xlsx" in written
    elif path.stem == "03_networks_and_bridges":
        assert images
        assert "泉区社会福祉協議会:" in text and "富岡地域ケアプラザ:" in text  # articulation
        assert "瀬谷区障害者地域自立支援協議会 ⇔ 瀬谷区子育て支援ネットワーク" in text
    elif path.stem == "04_district_meeting":
        assert len(images) == 2
        assert {"sheet-iwama.pdf", "iwama.pdf", "iwama.svg", "iwama.graphml"} <= written
        sheet = next(tmp_path.rglob("sheet-iwama.pdf"))
        assert sheet.read_bytes().startswith(b"%PDF")
