"""The English option of the interactive map (issue 14): Japanese first, English as the
option, for ``render_map``, ``netmap map --lang`` and ``GET /api/v1/maps/{area}?lang=``.

On an English map every word the map says itself (title, meta line, layers, filters,
legend, the template's headings and buttons, the script's texts, tooltips' field names,
need names, the privacy note) is English; names in the data stay Japanese. The Japanese
map is what it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from synth import AS_OF
from typer.testing import CliRunner

from netmap.config import Settings, get_settings
from netmap.disclosure.publish import privacy_notice
from netmap.model.options import Lang
from netmap.store.embedded import EmbeddedStore
from netmap.viz.texts import (
    FIELD_PREFIX,
    MAP_SCRIPT_KEYS,
    MAP_TEMPLATE_KEYS,
    TEXTS,
    script_strings,
    t,
)

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"
ASSETS = Path(__file__).resolve().parents[2] / "src" / "netmap" / "viz" / "assets"
#: Japanese script: kana and kanji (full-width symbols such as ＋ and the ideographic space
#: that indents area names are not words).
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
#: The keys of the map's own words (everything in the table but the diagrams' own texts).
MAP_KEYS = [
    k
    for k in TEXTS
    if k.startswith(("map_", "layer.", "layer_n.", "filter", "kind_of.", "tpl."))
    or k in MAP_SCRIPT_KEYS
    or k in ("layers_head", "gap_count", "size_head", "ward_maps", "hint_drill")
]


def _data(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="netmap-data">(.*?)</script>', html, re.S)
    assert m
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def _page(html: str) -> str:
    """The page without its scripts and styles (what the side bar and template say)."""
    return re.sub(r"<script\b.*?</script>|<style\b.*?</style>", "", html, flags=re.S)


def _without_names(text: str, data: dict[str, Any]) -> str:
    for name in sorted({n["nm"]["name"] for n in data["nodes"]}, key=len, reverse=True):
        text = text.replace(name, "")
    return text


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedStore, Settings]]:
    from netmap.ingest.pipeline import run_import

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("lang") / "data",
        store="embedded",
        pseudonym_key=SecretStr("lang-test-key"),
    )
    store = EmbeddedStore(settings.embedded_path)
    store.init()
    run_import(SAMPLE, store, settings=settings)
    yield store, settings
    store.close()


@pytest.fixture(scope="module")
def pages(
    sample: tuple[EmbeddedStore, Settings], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """港北区's map (a ward of the sample) in Japanese (default and asked for) and English."""
    from netmap.service.maps import render_map

    store, settings = sample
    out = tmp_path_factory.mktemp("pages")
    G = store.export_graph()
    found = {}
    for name, kw in (("default", {}), ("ja", {"lang": Lang.JA}), ("en", {"lang": Lang.EN})):
        path = render_map(
            store, area="kohoku", output=out / f"{name}.html", settings=settings, graph=G, **kw
        )
        found[name] = path.read_text(encoding="utf-8")
    return found


def test_english_map_says_its_own_words_in_english(pages: dict[str, str]) -> None:
    html = pages["en"]
    data = _data(html)
    page = _page(html)
    assert '<html lang="en">' in html
    assert "<title>港北区: support network map</title>" in html
    assert "<h1>港北区: support network map</h1>" in page
    assert data["title"] == "港北区: support network map" and data["lang"] == "en"
    assert re.search(r"As of \d{4}-\d{2}-\d{2} · Made \d{4}-\d{2}-\d{2} · 5 areas", page)
    # the template's headings, buttons and the search box
    for k in MAP_TEMPLATE_KEYS:
        assert t(k, "en") in page, k
    assert 'placeholder="Name of an organisation, activity or area"' in page
    assert 'title="Zoom in"' in page and ">Fit</button>" in page
    # layers, filters and the legend
    for k in ("gap", "isolated", "bridge", "flow"):
        assert t(f"layer.{k}", "en") in page
    for k in ("area", "need", "network", "kind"):
        assert f"<span>{t(f'filter.{k}', 'en')}</span>" in page
    legend = page[page.index('<ul class="legend">') :]
    for text in ("Area", "Organisation", "Network", "Highlights", "community care plaza"):
        assert f">{text}<" in legend, text
    assert t("map_size_note", "en") in legend
    assert "area with an unmet need (gap)" in legend  # styles' layer label
    # need names in English (name_en of the sample's own need, too)
    assert '<option value="food">Food</option>' in page
    assert '<option value="transport">Transport and getting out</option>' in page
    assert privacy_notice(data["threshold"], "en")[:40] in page
    # no Japanese word from the table anywhere the page says it, and no Japanese at all
    # but the names in the data
    for k in MAP_KEYS:
        ja = TEXTS[k][0].split("{")[0].strip()
        if ja and JAPANESE.search(ja):
            assert ja not in _without_names(page, data), (k, ja)
    left = _without_names(page, data)
    assert not JAPANESE.search(left), JAPANESE.findall(left)
    # what the script writes comes from the strings table, in English
    assert data["strings"] == script_strings("en")
    assert not any(JAPANESE.search(v) for v in data["strings"].values())


def test_english_tooltips(pages: dict[str, str]) -> None:
    data = _data(pages["en"])
    fields: set[str] = set()
    for item in [*data["nodes"], *data["edges"]]:
        for field, value in item["nm"]["lines"]:
            fields.add(field)
            assert not JAPANESE.search(field), (field, value)
            if field in ("Kind", "Needs addressed", "Needs without a resource (gaps)", "Measures"):
                assert not JAPANESE.search(value), (field, value)
    assert {"Kind", "Area", "Networks", "Needs addressed", "Measures"} <= fields
    for n in data["nodes"]:
        assert not JAPANESE.search(n["nm"]["kindLabel"]), n["nm"]["kindLabel"]
        assert all(not JAPANESE.search(name) for _, name in n["nm"]["gaps"]), n["nm"]["gaps"]
    gaps = [
        v
        for n in data["nodes"]
        for f, v in n["nm"]["lines"]
        if f == "Needs without a resource (gaps)"
    ]
    assert gaps and all("with the need)" in v for v in gaps)


def test_japanese_map_is_unchanged(pages: dict[str, str]) -> None:
    html = pages["ja"]
    assert html == pages["default"]  # Japanese first
    data = _data(html)
    page = _page(html)
    assert '<html lang="ja">' in html and "<title>港北区 支援ネットワークマップ</title>" in html
    assert data["lang"] == "ja" and data["strings"] == script_strings("ja")
    assert re.search(r"基準日 \d{4}-\d{2}-\d{2} ・ 作成 \d{4}-\d{2}-\d{2} ・ 地域 5", page)
    for text in (
        "名前で探す",
        'placeholder="団体・活動・地区の名前"',
        "表示する情報",
        "空白（対応する資源がないニーズ）",
        "絞り込みを解除",
        "<span>区・地区</span>",
        '<option value="">すべて</option>',
        "凡例",
        "団体の印の大きさ＝橋渡しスコア（ネットワークをつなぐ度合い）",
        "ニーズに対応する資源がない地区（空白）",
        '<option value="food">食</option>',
        privacy_notice(data["threshold"], "ja")[:30],
    ):
        assert text in page, text
    assert not any(t(k, "en") in page for k in MAP_TEMPLATE_KEYS)
    # the script writes what it always wrote
    assert data["strings"] == {
        "gap_tag": "空白：{x}",
        "gaps_tag": "空白 {n}",
        "isolated_tag": "孤立のおそれ",
        "visible": "表示中: {n} / {total}",
        "close": "閉じる",
        "open_map": "▶ {name}の地図を開く",
        "not_found": "見つかりません",
        "field.kind": "種類",
    }
    lines = {f for n in data["nodes"] for f, _ in n["nm"]["lines"]}
    assert {"種類", "参加ネットワーク"} <= lines
    kinds = {n["nm"]["kindLabel"] for n in data["nodes"]}
    assert "地域ケアプラザ" in kinds


def test_the_template_and_script_hold_no_other_words() -> None:
    """Every Japanese text of the page template is in the table (so the English page
    misses none), and the script writes no Japanese of its own."""
    template = (ASSETS / "map.html").read_text(encoding="utf-8")
    for k in MAP_TEMPLATE_KEYS:
        assert TEXTS[k][0] in template, k
    texts = re.findall(r'(?<=[>"])([^<>"@]+)(?=[<"@])', template)
    words = {x.strip() for x in texts if JAPANESE.search(x)}
    assert words <= {TEXTS[k][0] for k in MAP_TEMPLATE_KEYS}, words
    script = (ASSETS / "map.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)
    assert not JAPANESE.search(code), JAPANESE.findall(code)


def test_field_names_are_one_to_one() -> None:
    ja = [v[0] for k, v in TEXTS.items() if k.startswith(FIELD_PREFIX)]
    assert len(ja) == len(set(ja))


def test_cli_map_lang(
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
        en, ja = tmp_path / "en.html", tmp_path / "ja.html"
        res = runner.invoke(
            app, ["map", "-a", "w00", "--as-of", AS_OF, "--lang", "en", "-o", str(en)]
        )
        assert res.exit_code == 0, res.output
        res = runner.invoke(app, ["map", "-a", "w00", "--as-of", AS_OF, "-o", str(ja)])
        assert res.exit_code == 0, res.output
        assert "鶴見区: support network map" in en.read_text(encoding="utf-8")
        assert "鶴見区 支援ネットワークマップ" in ja.read_text(encoding="utf-8")
        # the ward maps of a map set are English too, and link back in English
        out = tmp_path / "set" / "map.html"
        res = runner.invoke(
            app, ["map", "--wards", "--as-of", AS_OF, "--lang", "en", "-o", str(out)]
        )
        assert res.exit_code == 0, res.output
        ward = (tmp_path / "set" / "wards" / "w00.html").read_text(encoding="utf-8")
        assert "Back to the city map" in ward and '<html lang="en">' in ward
        assert t("ward_maps", "en") in out.read_text(encoding="utf-8")
        res = runner.invoke(app, ["map", "--lang", "fr", "-o", str(tmp_path / "x.html")])
        assert res.exit_code == 2
    finally:
        get_settings.cache_clear()


def test_api_map_lang_is_cached_per_language(
    sample: tuple[EmbeddedStore, Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    import netmap.service.maps as maps
    from netmap.api import create_app
    from netmap.auth import Role, token_store

    _, settings = sample
    token = token_store(settings).create(Role.VIEWER, name="lang test")[1]
    headers = {"Authorization": f"Bearer {token}"}
    calls: list[str] = []
    render = maps.render_map

    def counting(*args: Any, **kw: Any) -> Path:
        calls.append(str(kw.get("lang")))
        return render(*args, **kw)

    monkeypatch.setattr(maps, "render_map", counting)
    app = create_app(settings, store_factory=lambda s: EmbeddedStore(s.embedded_path))
    with TestClient(app, raise_server_exceptions=False) as client:

        def get(query: str) -> str:
            r = client.get(f"/api/v1/maps/kohoku-hiyoshi{query}", headers=headers)
            assert r.status_code == 200, r.text[:300]
            return r.text

        en = get("?lang=en")
        ja = get("")
        assert "<title>日吉地区: support network map</title>" in en
        assert "<title>日吉地区 支援ネットワークマップ</title>" in ja
        assert get("?lang=en") == en and get("?lang=ja") == ja  # each from its own cache entry
        assert sorted(calls) == ["en", "ja"]
        assert client.get("/api/v1/maps/kohoku-hiyoshi?lang=fr", headers=headers).status_code == 422


@pytest.mark.browser
def test_english_map_in_a_browser(pages: dict[str, str], tmp_path: Path) -> None:
    """The script writes its texts in English: the count, the search's "nothing found",
    the labels' gap tags, the card (the kind once, under the name) and its close button."""
    import os
    import shutil
    import tempfile

    exe = os.environ.get("NETMAP_CHROMIUM", "/usr/bin/chromium")
    if not Path(exe).exists():
        exe = shutil.which("chromium") or ""
    if not exe:
        if os.environ.get("NETMAP_REQUIRE_BROWSER") == "1":
            pytest.fail("NETMAP_REQUIRE_BROWSER=1 and headless Chromium is not available")
        pytest.skip("headless Chromium is not available (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "en.html"
    path.write_text(pages["en"], encoding="utf-8")
    errors: list[str] = []
    with sync_api.sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(
            profile,
            executable_path=exe,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu"],
            viewport={"width": 1400, "height": 900},
        )
        try:
            pg = ctx.new_page()
            pg.on("pageerror", lambda exc: errors.append(str(exc)))
            pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            pg.route(
                "**/*",
                lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
            )
            pg.goto(path.as_uri())
            pg.wait_for_function("window.netmapReady === true", timeout=30_000)
            total = pg.evaluate("window.netmap.data.nodes.length")
            assert pg.inner_text("#visible-count") == f"Shown: {total} / {total}"
            pg.fill("#search", "zzzz")
            assert pg.inner_text("#search-results") == "Nothing found"
            labels = pg.evaluate("window.netmap.nodes.get().map(n => n.label || '')")
            tags = [x.split("\n", 1)[1] for x in labels if "\n" in x]
            assert tags and all(re.fullmatch(r"\d+ gaps|gap: .+", x) for x in tags), tags
            pg.fill("#search", "日吉地域ケアプラザ")
            pg.keyboard.press("Enter")
            pg.wait_for_selector("#info .card")
            card = pg.inner_text("#info")
            assert "community care plaza" in card and "Networks" in card
            assert "Kind" not in card  # the kind is shown once, under the name
            assert pg.get_attribute("#info .close", "title") == "Close"
        finally:
            ctx.close()
    assert not errors, errors
