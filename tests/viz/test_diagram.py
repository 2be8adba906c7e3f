"""The diagram renderer: fonts, labels that do not overlap, options, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.export_data import Data, release_of

from netmap.errors import NetmapError
from netmap.service.exports import ExportError, export_area, export_area_bytes
from netmap.service.maps import map_view
from netmap.viz.diagram import (
    DiagramOptions,
    FontNotFoundError,
    find_cjk_font,
    mpl_context,
    render_diagram,
)


def test_ipaex_gothic_is_found() -> None:
    assert find_cjk_font().name in {"ipaexg.ttf", "fonts-japanese-gothic.ttf"}


def test_a_font_without_japanese_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib

    latin = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    with pytest.raises(FontNotFoundError, match="cannot draw Japanese"):
        find_cjk_font(latin)
    monkeypatch.setenv("NETMAP_CJK_FONT", "/nonexistent/font.ttf")
    with pytest.raises(FontNotFoundError):
        find_cjk_font()


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(("area", "orientation"), [("konan", "landscape"), (None, "portrait")])
def test_labels_do_not_overlap(demo_data: Data, area: str | None, orientation: str) -> None:
    view, pos = map_view(
        demo_data.G, release=release_of(demo_data), area=area, settings=demo_data.settings
    )
    with mpl_context():
        dia = render_diagram(
            view,
            pos,
            DiagramOptions(orientation=orientation, dpi=80),  # type: ignore[arg-type]
        )
    boxes = dia.label_boxes
    assert len(boxes) >= 0.6 * view.number_of_nodes()
    # every area is named
    areas = [n for n, d in view.nodes(data=True) if d["category"] == "Area"]
    assert set(areas) <= set(boxes)
    items = sorted(boxes.items())
    clashes = [
        (a, b) for i, (a, ba) in enumerate(items) for b, bb in items[i + 1 :] if _overlap(ba, bb)
    ]
    assert clashes == []
    assert set(dia.labelled) | set(dia.unlabelled) == set(view.nodes)


def test_bad_options_are_export_errors(demo_data: Data, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot export"):
        export_area(demo_data.G, output=tmp_path / "x.docx", settings=demo_data.settings)
    with pytest.raises(ExportError, match="paper"):
        export_area_bytes(demo_data.G, fmt="png", paper="B5", settings=demo_data.settings)
    with pytest.raises(ExportError, match="orientation"):
        export_area_bytes(
            demo_data.G, fmt="png", orientation="sideways", settings=demo_data.settings
        )
    with pytest.raises(ExportError, match="table"):
        export_area_bytes(demo_data.G, fmt="csv", table="people", settings=demo_data.settings)
    with pytest.raises(NetmapError, match="unknown area"):
        export_area_bytes(demo_data.G, fmt="json", area="nowhere", settings=demo_data.settings)
    assert not list(tmp_path.iterdir())
