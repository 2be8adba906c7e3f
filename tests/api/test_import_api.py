"""POST /api/v1/import: the CLI's report; a broken upload is 422 with every problem and
changes nothing; size limits; only an unscoped admin may import or delete."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from netmap.disclosure.calendar import reference_for
from netmap.service.releases import release_store
from netmap.store.embedded import EmbeddedStore


def _upload(
    api: Any, content: bytes, name: str = "data.zip", role: str = "admin", **params: Any
) -> Any:
    return api.client.post(
        "/api/v1/import",
        params=params,
        files={"file": (name, content, "application/zip")},
        headers=api.headers(role),
    )


def _state(api: Any) -> tuple[str, dict[str, Any]]:
    store = EmbeddedStore(api.settings.embedded_path)
    try:
        return store.data_version(), store.counts().as_dict()
    finally:
        store.close()


def test_import_returns_the_cli_report(
    api_builder: Callable[..., Iterator[Any]], tmp_path: Path, sample_zip: bytes
) -> None:
    gen = api_builder(tmp_path / "data", load=False)
    api = next(gen)
    try:
        r = _upload(api, sample_zip, name="港北区データ.zip")
        assert r.status_code == 200, r.text
        report = r.json()
        assert report["ok"] is True
        assert report["source"] == "港北区データ.zip"
        assert (report["store"], report["sync"]) == ("embedded", False)
        assert {(f["name"], f["rows"]) for f in report["files"]} >= {
            ("areas.csv", 6),
            ("organisations.csv", 12),
            ("residents.csv", 15),
        }
        assert report["nodes_written"] == 67
        # food_bank is declared by the sample's kinds.csv: no unknown-kind warning
        assert report["warnings"] == []
        version, counts = _state(api)
        assert counts["nodes"]["Organisation"] == 12
        # the import built the release viewers get today, from this data; unread: not frozen
        releases = release_store(api.settings)
        current = releases.get(reference_for(dt.date.today()))
        assert current is not None and current.data_version == version
        assert not releases.served(current)
        # the same upload again changes nothing
        _, counts = _state(api)
        assert _upload(api, sample_zip).status_code == 200
        assert _state(api)[1] == counts
        # the new data is visible at once (caches follow the data version)
        areas = api.client.get("/api/v1/areas", headers=api.headers("viewer")).json()
        assert areas["total"] == 6
    finally:
        gen.close()


def _broken_zip(sample_dir: Path, tmp_path: Path, zipper: Callable[..., bytes]) -> bytes:
    folder = tmp_path / "broken"
    shutil.copytree(sample_dir, folder)
    text = (folder / "areas.csv").read_text(encoding="utf-8")
    text += "kohoku-kikuna,菊名地区,galaxy,kohoku,,,\n"  # bad level
    (folder / "areas.csv").write_text(text, encoding="utf-8")
    acts = (folder / "activities.csv").read_text(encoding="utf-8")
    acts += "act-salon-hiyoshi,重複サロン,salon,org-plaza-hiyoshi,kohoku-hiyoshi,isolation,,,,,,\n"
    acts += "act-ghost,幽霊活動,salon,org-does-not-exist,kohoku-hiyoshi,isolation,,,,,,\n"
    (folder / "activities.csv").write_text(acts, encoding="utf-8")
    refs = (folder / "referrals.csv").read_text(encoding="utf-8")
    refs += "ref-bad-date,2024-02-31,org-kohoku-welfare,org-hellowork,employment,open,,\n"
    (folder / "referrals.csv").write_text(refs, encoding="utf-8")
    nets = (folder / "networks.csv").read_text(encoding="utf-8").splitlines()
    nets[0] = nets[0].replace("kind,", "")  # a required column missing
    (folder / "networks.csv").write_text("\n".join(nets) + "\n", encoding="utf-8")
    return zipper(folder)


def test_broken_upload_is_422_with_every_problem_and_changes_nothing(
    fresh_api: Any, sample_dir: Path, tmp_path: Path, zipper: Callable[..., bytes]
) -> None:
    api = fresh_api
    before = _state(api)
    gaps_before = api.client.get("/api/v1/analyses/gaps", headers=api.headers("analyst")).json()
    r = _upload(api, _broken_zip(sample_dir, tmp_path, zipper))
    assert r.status_code == 422
    body = r.json()
    assert body["ok"] is False
    assert "nothing was written" in body["error"]
    where = {(p["file"], p["column"]) for p in body["problems"]}
    assert ("areas.csv", "level") in where
    assert ("activities.csv", "id") in where  # duplicate id
    assert ("activities.csv", "organisation_id") in where  # dangling reference
    assert ("referrals.csv", "date") in where
    assert any(p["file"] == "networks.csv" for p in body["problems"])
    for p in body["problems"]:
        assert set(p) == {"file", "row", "column", "value", "reason"}
    assert _state(api) == before
    gaps_after = api.client.get("/api/v1/analyses/gaps", headers=api.headers("analyst")).json()
    assert gaps_after == gaps_before


def test_not_a_zip_is_422(fresh_api: Any) -> None:
    before = _state(fresh_api)
    r = _upload(fresh_api, b"this is not a zip", name="data.zip")
    assert r.status_code == 422
    assert r.json()["problems"][0]["file"] == "data.zip"
    r = _upload(fresh_api, b"PK\x03\x04broken", name="data.zip")
    assert r.status_code == 422
    # a zip holding no netmap file
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    r = _upload(fresh_api, buf.getvalue(), name="empty.zip")
    assert r.status_code == 422, r.text
    assert _state(fresh_api) == before


def test_upload_size_limit(api_builder: Callable[..., Iterator[Any]], tmp_path: Path) -> None:
    gen = api_builder(tmp_path / "data", max_upload_mb=1)
    api = next(gen)
    try:
        before = _state(api)
        big = b"x" * (1024 * 1024 + 10)
        r = _upload(api, big)
        assert r.status_code == 413
        assert "limit" in r.json()["error"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
            yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\n\r\n'
            for _ in range(20):
                yield b"y" * (128 * 1024)
            yield b"\r\n--b--\r\n"

        r = api.client.post(
            "/api/v1/import",
            content=chunks(),
            headers={**api.headers("admin"), "Content-Type": "multipart/form-data; boundary=b"},
        )
        assert r.status_code == 413
        assert _state(api) == before
    finally:
        gen.close()


def test_only_an_unscoped_admin_imports(fresh_api: Any, sample_zip: bytes) -> None:
    api = fresh_api
    for role, area in (
        ("viewer", None),
        ("analyst", None),
        ("admin", "kohoku-hiyoshi"),
    ):
        r = api.client.post(
            "/api/v1/import",
            files={"file": ("d.zip", sample_zip, "application/zip")},
            headers=api.headers(role, area),
        )
        assert r.status_code == 403, (role, area)
    r = api.client.post("/api/v1/import", files={"file": ("d.zip", sample_zip)})
    assert r.status_code == 401


def test_delete_all_data(fresh_api: Any) -> None:
    api = fresh_api
    h = api.headers("admin")
    assert api.client.delete("/api/v1/data", headers=h).status_code == 422  # no confirm
    assert (
        api.client.delete(
            "/api/v1/data?confirm=true", headers=api.headers("admin", "kohoku-hiyoshi")
        ).status_code
        == 403
    )
    assert (
        api.client.delete("/api/v1/data?confirm=true", headers=api.headers("analyst")).status_code
        == 403
    )
    r = api.client.delete("/api/v1/data?confirm=true", headers=h)
    assert r.status_code == 200
    assert set(r.json()["nodes"].values()) == {0}
    assert api.client.get("/api/v1/areas", headers=h).json()["total"] == 0
    # tokens survive a wipe
    assert api.client.get("/api/v1/me", headers=api.headers("viewer")).status_code == 200


def test_the_reasons_follow_the_requested_language(
    fresh_api: Any, sample_dir: Path, tmp_path: Path, zipper: Callable[..., bytes]
) -> None:
    """The web app's language toggle: ``lang`` picks the language of the reasons (the
    server's NETMAP_LANG, Japanese, when it is left out)."""
    api = fresh_api
    broken = _broken_zip(sample_dir, tmp_path, zipper)

    def level_reason(**params: Any) -> str:
        r = _upload(api, broken, **params)
        assert r.status_code == 422
        return next(p["reason"] for p in r.json()["problems"] if p["column"] == "level")

    default, ja, en = level_reason(), level_reason(lang="ja"), level_reason(lang="en")
    assert default == ja and "地域の階層" in ja
    assert en.startswith("bad level")
    assert _upload(api, broken, lang="fr").status_code == 422
