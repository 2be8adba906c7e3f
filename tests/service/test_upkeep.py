"""The upkeep use-cases on the embedded store: invite, the form, submit (the import's rules
and messages), approve (through the import's write, one call, verified_on and 本人確認),
reject, stale items, the activity log and the current release."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from tests.upkeep.upkeep_sample import OTHER_ACTIVITY, PLAZA, SALON, TODAY, plaza_form

from netmap import activity
from netmap.config import Settings
from netmap.errors import NotFound, OtherOrganisation, UnknownNameError, UsageError
from netmap.ingest.pipeline import run_import
from netmap.service import upkeep as svc
from netmap.store.embedded import EmbeddedStore
from netmap.upkeep.changes import SELF_REVIEW_SOURCE, ProposalRejected
from netmap.upkeep.storage import LinkInfo, upkeep_store

pytestmark = pytest.mark.usefixtures("japanese")  # the default language


def _link(settings: Settings, store: EmbeddedStore, org: str = PLAZA) -> LinkInfo:
    return svc.invite(settings, store.export_graph(), organisation=org, today=TODAY)[0].link


def test_invite_every_organisation_of_an_area_or_one_by_name(
    settings: Settings, store: EmbeddedStore
) -> None:
    G = store.export_graph()
    made = svc.invite(settings, G, area="日吉地区", today=TODAY)
    assert sorted(m.link.organisation_id for m in made) == ["org-jichikai-hiyoshi", PLAZA]
    one = svc.invite(settings, G, organisation="日吉地域ケアプラザ", today=TODAY)
    assert [m.link.organisation_id for m in one] == [PLAZA]
    assert (
        one[0]
        .url("https://netmap.example.jp/")
        .startswith("https://netmap.example.jp/review/review_")
    )
    days = dt.datetime.fromisoformat(one[0].link.expires) - dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=29) < days <= dt.timedelta(days=30)  # 30 days by default
    with pytest.raises(UnknownNameError):
        svc.invite(settings, G, organisation="存在しない団体", today=TODAY)
    with pytest.raises(UsageError):
        svc.invite(settings, G, today=TODAY)  # neither
    assert [e["action"] for e in activity.read(settings)].count("upkeep.invite") == 3


def test_the_form_shows_the_organisations_own_record_only(
    settings: Settings, store: EmbeddedStore
) -> None:
    form = svc.review_form(store.export_graph(), _link(settings, store), today=TODAY)
    rec = form["record"]
    assert rec["organisation"]["id"] == PLAZA
    assert rec["organisation"]["provides"] == ["elder_care", "isolation"]
    assert [a["id"] for a in rec["activities"]] == [SALON]
    assert [m["network_id"] for m in rec["memberships"]] == ["net-care-meeting"]
    assert [(p["partner_id"], p["kind"]) for p in rec["partners"]] == [
        ("org-jichikai-hiyoshi", "watching")
    ]
    text = repr(form)
    for word in ("Resident", "Referral", "A-0001", "ref-0", "count", "residents"):
        assert word not in text
    codes = {c["code"] for c in form["choices"]["needs"]}
    assert {"transport", "food"} <= codes  # the vocabulary and the needs the store added


def test_partner_search_gives_names_kinds_and_areas_only(
    settings: Settings, store: EmbeddedStore
) -> None:
    link = _link(settings, store)
    found = svc.partner_search(store.export_graph(), link, "ケアプラザ", today=TODAY)
    assert [f["id"] for f in found] == ["org-plaza-tsunashima"]  # never the link's own
    assert set(found[0]) == {"id", "name", "kind", "kind_label", "area_id", "area_name"}
    assert svc.partner_search(store.export_graph(), link, "ｹｱﾌﾟﾗｻﾞ", today=TODAY) == found


def test_a_submission_is_a_proposal_and_nothing_reaches_the_store(
    settings: Settings, store: EmbeddedStore
) -> None:
    link = _link(settings, store)
    version = store.data_version()
    p = svc.submit(settings, store, link, plaza_form(), today=TODAY)
    assert store.data_version() == version
    assert [(i.n, i.kind, i.action) for i in p.items] == [
        (1, "activity", "ended"),
        (2, "activity", "added"),
        (3, "partnership", "added"),
    ]
    ended, added, partner = p.items
    assert ended.target == SALON and ended.after == {"valid_to": "2026-02-28"}
    assert added.target.startswith(f"{PLAZA}-act-") and added.after["needs"] == ["isolation"]
    assert partner.after == {"target_id": "org-kohoku-shakyo", "kind": "サロン運営"}
    assert p.submitted_by == "日吉 花子" and p.status == "pending"


def test_an_unchanged_form_confirms_the_record(settings: Settings, store: EmbeddedStore) -> None:
    link = _link(settings, store)
    form = svc.review_form(store.export_graph(), link, today=TODAY)["record"]
    p = svc.submit(settings, store, link, form, today=TODAY)  # sent back as it came
    assert [(i.kind, i.action) for i in p.items] == [("organisation", "confirmed")]
    svc.approve(settings, store, p.id, today=TODAY)
    G = store.export_graph()
    for nid in (PLAZA, SALON):
        assert G.nodes[nid]["verified_on"] == TODAY.isoformat()
        assert G.nodes[nid]["source"] == SELF_REVIEW_SOURCE
    assert G.nodes[SALON]["capacity"] == 20  # everything else kept


def test_another_organisations_records_are_refused(
    settings: Settings, store: EmbeddedStore
) -> None:
    link = _link(settings, store)
    with pytest.raises(OtherOrganisation):
        svc.submit(settings, store, link, {"activities": [{"id": OTHER_ACTIVITY, "name": "x"}]})
    with pytest.raises(OtherOrganisation):
        svc.submit(settings, store, link, {"organisation": {"id": "org-npo-kodomo", "name": "x"}})
    assert upkeep_store(settings).proposals() == []


def test_problems_are_the_imports_in_japanese_or_english(
    settings: Settings, store: EmbeddedStore
) -> None:
    link = _link(settings, store)
    bad = {
        "activities": [
            {"id": None, "name": "", "kind": "salon", "area_id": "nowhere", "needs": []}
        ],
        "partners": [{"partner_id": "org-plaza-hiyoshi-typo"}],
    }
    with pytest.raises(ProposalRejected) as ja:
        svc.submit(settings, store, link, bad, today=TODAY)
    assert ja.value.message.startswith("送信できません: 問題が 4 件あります")
    by_column = {(p["file"], p["column"]): p for p in ja.value.details["problems"]}
    assert by_column[("activities.csv", "name")]["reason"] == "必須の値が空欄です"
    assert by_column[("activities.csv", "name")]["field"] == "名称"
    assert by_column[("activities.csv", "name")]["items"] == [1]
    assert "地域" in by_column[("activities.csv", "area_id")]["reason"]
    assert "もしかして" in by_column[("partnerships.csv", "target_id")]["reason"]
    assert by_column[("partnerships.csv", "target_id")]["items"] == [2]
    english = settings.model_copy(update={"lang": "en"})
    with pytest.raises(ProposalRejected) as en:
        svc.submit(english, store, link, bad, today=TODAY)
    assert en.value.message.startswith("not sent: 4 problems")
    reasons = {p["reason"] for p in en.value.details["problems"]}
    assert "required value is empty" in reasons
    assert upkeep_store(settings).proposals() == []


def _upserts(store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []
    real = store.upsert

    def counted(batch: Any, **kw: Any) -> Any:
        calls.append(batch)
        return real(batch, **kw)

    monkeypatch.setattr(store, "upsert", counted)
    return calls


def test_approval_writes_the_approved_items_in_one_call(
    settings: Settings, store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = _link(settings, store)
    p = svc.submit(settings, store, link, plaza_form(), today=TODAY)
    calls = _upserts(store, monkeypatch)
    version = store.data_version()
    done = svc.approve(settings, store, p.id, [1, 2], actor="token:区役所", today=TODAY)
    assert len(calls) == 1 and store.data_version() != version
    assert done.approved == [1, 2] and done.proposal.status == "pending"
    G = store.export_graph()
    day = TODAY.isoformat()
    assert G.nodes[SALON]["valid_to"] == "2026-02-28"
    new = p.items[1].target
    assert G.nodes[new]["name"] == "日吉ほっとカフェ"
    assert G.nodes[new]["schedule"] == "毎週水曜 10時〜12時"
    assert {t for _, t, ty in G.out_edges(new, data="type") if ty == "ADDRESSES"} == {"isolation"}
    assert (PLAZA, new) in {(s, t) for s, t, ty in G.in_edges(new, data="type") if ty == "RUNS"}
    for nid in (PLAZA, SALON, new):
        assert G.nodes[nid]["verified_on"] == day
        assert G.nodes[nid]["source"] == SELF_REVIEW_SOURCE
    assert G.nodes[PLAZA]["sectors"] == ["福祉", "介護"]  # the rest of the record kept
    partners = {s for s, _t, ty in G.in_edges("org-kohoku-shakyo", data="type")} | {
        t for _s, t, ty in G.out_edges("org-kohoku-shakyo", data="type")
    }
    assert PLAZA not in partners  # item 3 is still pending: not written
    rejected = svc.reject(settings, p.id, [3], reason="連携先に確認します", actor="token:区役所")
    assert rejected.status == "partly_approved"
    assert store.export_graph().number_of_edges() == G.number_of_edges()
    assert rejected.item(1).decided_by == "token:区役所"


def test_a_failed_write_leaves_the_items_pending(
    settings: Settings, store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = _link(settings, store)
    p = svc.submit(settings, store, link, plaza_form(), today=TODAY)

    def broken(batch: Any, **kw: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "upsert", broken)
    with pytest.raises(RuntimeError):
        svc.approve(settings, store, p.id, today=TODAY)
    assert upkeep_store(settings).proposal(p.id).status == "pending"


def test_an_item_whose_record_changed_since_is_refused(
    settings: Settings, store: EmbeddedStore, tmp_path: Any
) -> None:
    link = _link(settings, store)
    p = svc.submit(
        settings, store, link, {"organisation": {"name": "日吉地域ケアプラザ（新）"}}, today=TODAY
    )
    folder = tmp_path / "update"
    folder.mkdir()
    (folder / "organisations.csv").write_text(
        "id,name,kind,area_id\norg-plaza-hiyoshi,日吉ケアプラザ,community_care_plaza,"
        "kohoku-hiyoshi\n",
        encoding="utf-8",
    )
    run_import(folder, store, settings=settings)  # someone re-imported meanwhile
    with pytest.raises(UsageError, match="提出後に記録が変わっています") as exc:
        svc.approve(settings, store, p.id, today=TODAY)
    assert exc.value.details["stale"] == [1]
    assert store.export_graph().nodes[PLAZA]["name"] == "日吉ケアプラザ"
    svc.reject(settings, p.id, reason="記録が変わったため")


def test_a_kind_an_import_added_is_kept(settings: Settings, store: EmbeddedStore) -> None:
    link = _link(settings, store, "org-foodbank")  # kind food_bank, added by kinds.csv
    p = svc.submit(settings, store, link, {"organisation": {"name": "フードバンク港北（本部）"}})
    svc.approve(settings, store, p.id)
    node = store.export_graph().nodes["org-foodbank"]
    assert node["kind"] == "food_bank" and node["name"] == "フードバンク港北（本部）"


def test_rejecting_needs_a_reason_and_writes_nothing(
    settings: Settings, store: EmbeddedStore
) -> None:
    p = svc.submit(settings, store, _link(settings, store), plaza_form(), today=TODAY)
    version = store.data_version()
    with pytest.raises(UsageError):
        svc.reject(settings, p.id, reason="  ")
    done = svc.reject(settings, p.id, reason="重複のため")
    assert done.status == "rejected" and store.data_version() == version
    with pytest.raises(UsageError, match="未決定の項目はありません"):
        svc.approve(settings, store, p.id)
    with pytest.raises(NotFound):
        svc.approve(settings, store, 999)


def test_every_step_is_in_the_activity_log(settings: Settings, store: EmbeddedStore) -> None:
    link = _link(settings, store)
    p = svc.submit(settings, store, link, plaza_form(), today=TODAY)
    svc.approve(settings, store, p.id, [1, 2], actor="token:区役所", today=TODAY)
    svc.reject(settings, p.id, [3], reason="確認中", actor="token:区役所")
    entries = [e for e in activity.read(settings) if e["action"].startswith("upkeep.")]
    assert [e["action"] for e in entries] == [
        "upkeep.invite",
        "upkeep.submit",
        "upkeep.approve",
        "upkeep.reject",
    ]
    submitted, approved, rejected = entries[1:]
    assert submitted["actor"] == f"review:{link.id}" and submitted["proposal"] == p.id
    assert approved["actor"] == "token:区役所" and approved["items"] == [1, 2]
    assert approved["changes"]["activities"] == {"added": 1, "updated": 1}
    assert rejected["items"] == [3]


def test_the_current_release_is_rebuilt_unless_it_was_seen(
    settings: Settings, store: EmbeddedStore
) -> None:
    from netmap.service.releases import graph_source, release_for, release_store

    ref = release_store(settings).reference_for(None)
    p = svc.submit(settings, store, _link(settings, store), plaza_form(), today=TODAY)
    svc.approve(settings, store, p.id, [1], today=TODAY)
    rel = release_store(settings).get(ref)
    assert rel is not None and rel.data_version == store.data_version()
    seen = release_for(settings, graph_source(store))  # a viewer product read it: frozen
    svc.approve(settings, store, p.id, [2], today=TODAY)
    after = release_store(settings).get(ref)
    assert after is not None and after.data_version == seen.data_version
    assert after.data_version != store.data_version()
