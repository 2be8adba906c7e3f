"""What the upkeep tests share: the sample's records they use, settings, and the review
form a care plaza would send.

The sample's 日吉地域ケアプラザ (``org-plaza-hiyoshi``, in 日吉地区) runs 日吉ふれあいサロン
(``act-salon-hiyoshi``), belongs to 港北区地域ケア会議 (``net-care-meeting``) and works with
日吉本町自治会 (``org-jichikai-hiyoshi``); 綱島地区's ``act-shokudo-tsunashima`` is run by
another organisation.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from netmap.config import Settings

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"
KEY = "upkeep-test-key"
PLAZA = "org-plaza-hiyoshi"
SALON = "act-salon-hiyoshi"
OTHER_ACTIVITY = "act-shokudo-tsunashima"  # run by org-npo-kodomo
TODAY = dt.date(2026, 3, 10)


def make_settings(data_dir: Path, **kw: Any) -> Settings:
    return Settings(data_dir=data_dir, store="embedded", pseudonym_key=SecretStr(KEY), **kw)


def plaza_form() -> dict[str, Any]:
    """What the care plaza sends: it ends its salon, adds a café and a partner."""
    return {
        "activities": [
            {"id": SALON, "ended_on": "2026-02-28"},
            {
                "id": None,
                "name": "日吉ほっとカフェ",
                "kind": "place_to_be",
                "area_id": "kohoku-hiyoshi",
                "needs": ["isolation"],
                "target_groups": ["elderly"],
                "schedule": "毎週水曜 10時〜12時",
            },
        ],
        "partners": [{"partner_id": "org-kohoku-shakyo", "kind": "サロン運営"}],
        "submitted_by": "日吉 花子",
    }
