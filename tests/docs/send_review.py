"""Send a review form as an organisation would in its browser (docs/upkeep.md, through a
hidden ``doc-test: run`` line): open the organisation's link from the CSV that ``netmap
upkeep invite`` wrote (the first link if the organisation is not in it), and propose a
schedule for its first activity (or, without one, confirm the record as it is)::

    python send_review.py LINKS.csv ORGANISATION_ID SCHEDULE

The link is opened as the browser opens it (its secret exchanged for a session) and the
form goes through the same use-case as the form's ``POST /api/v1/review/proposals``.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from netmap.config import get_settings
from netmap.service.upkeep import review_form, submit
from netmap.store import open_store
from netmap.upkeep.storage import upkeep_store


def send_review(links: Path, organisation: str, schedule: str) -> int:
    with links.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = next((r for r in rows if r["organisation_id"] == organisation), rows[0])
    secret = row["url"].rsplit("/", 1)[1]
    settings = get_settings()
    opened = upkeep_store(settings).open_session(secret)
    if opened is None:
        raise SystemExit(f"the link of {row['organisation_id']} does not open")
    _session, link, _until = opened
    store = open_store(settings)
    try:
        record = review_form(store.export_graph(), link)["record"]
        acts = [{**a, "schedule": schedule} for a in record["activities"][:1]]
        form = {**record, "activities": acts, "submitted_by": "青葉台 花子"}
        return submit(settings, store, link, form).id
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("links", type=Path)
    parser.add_argument("organisation")
    parser.add_argument("schedule")
    args = parser.parse_args()
    print(f"proposal {send_review(args.links, args.organisation, args.schedule)}")


if __name__ == "__main__":
    main()
