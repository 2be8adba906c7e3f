"""In-memory records of the synthetic demo, one class per import file (DATA_MODEL.md).

The generator builds a :class:`Dataset`, checks it with :mod:`netmap.demo.reckon` and
writes it as the CSV folder that ``netmap import`` reads. Lists become ``;``-separated
cells; ``None`` becomes an empty cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SOURCE = "合成データ(synthetic demo)"


@dataclass
class Area:
    id: str
    name: str
    level: str
    parent_id: str | None
    population: int | None
    verified_on: str = ""


@dataclass
class Org:
    id: str
    name: str
    kind: str
    area_id: str
    sectors: list[str]
    provides: list[str]
    valid_from: str | None = None
    valid_to: str | None = None
    verified_on: str = ""


@dataclass
class Network:
    id: str
    name: str
    kind: str
    covers: list[str]
    valid_from: str | None = None
    valid_to: str | None = None
    verified_on: str = ""


@dataclass
class Membership:
    organisation_id: str
    network_id: str
    role: str
    valid_from: str | None = None
    valid_to: str | None = None
    verified_on: str = ""


@dataclass
class Partnership:
    source_id: str
    target_id: str
    kind: str
    since: str | None
    valid_from: str | None = None
    valid_to: str | None = None
    verified_on: str = ""


@dataclass
class Activity:
    id: str
    name: str
    kind: str
    organisation_id: str
    area_id: str
    needs: list[str]
    target_groups: list[str]
    capacity: int | None
    valid_from: str | None = None
    valid_to: str | None = None
    verified_on: str = ""


@dataclass
class Resident:
    id: str
    area_id: str
    needs: list[str]
    age_band: str
    verified_on: str = ""


@dataclass
class Participation:
    resident_id: str
    activity_id: str
    since: str
    valid_from: str | None = None
    valid_to: str | None = None
    verified_on: str = ""


@dataclass
class Referral:
    id: str
    date: str
    from_id: str
    to_id: str
    need: str
    status: str
    resident_id: str | None
    verified_on: str = ""


@dataclass
class Dataset:
    areas: list[Area] = field(default_factory=list)
    orgs: list[Org] = field(default_factory=list)
    networks: list[Network] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    partnerships: list[Partnership] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    residents: list[Resident] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


#: file name → (columns, attribute names); the first columns are DATA_MODEL.md's.
FILE_COLUMNS: dict[str, tuple[str, ...]] = {
    "areas.csv": ("id", "name", "level", "parent_id", "population", "source", "verified_on"),
    "organisations.csv": (
        "id",
        "name",
        "kind",
        "area_id",
        "sectors",
        "provides",
        "valid_from",
        "valid_to",
        "source",
        "verified_on",
    ),
    "networks.csv": (
        "id",
        "name",
        "kind",
        "covers",
        "valid_from",
        "valid_to",
        "source",
        "verified_on",
    ),
    "memberships.csv": (
        "organisation_id",
        "network_id",
        "role",
        "valid_from",
        "valid_to",
        "source",
        "verified_on",
    ),
    "partnerships.csv": (
        "source_id",
        "target_id",
        "kind",
        "since",
        "valid_from",
        "valid_to",
        "source",
        "verified_on",
    ),
    "activities.csv": (
        "id",
        "name",
        "kind",
        "organisation_id",
        "area_id",
        "needs",
        "target_groups",
        "capacity",
        "valid_from",
        "valid_to",
        "source",
        "verified_on",
    ),
    "residents.csv": ("id", "area_id", "needs", "age_band", "source", "verified_on"),
    "participations.csv": (
        "resident_id",
        "activity_id",
        "since",
        "valid_from",
        "valid_to",
        "source",
        "verified_on",
    ),
    "referrals.csv": (
        "id",
        "date",
        "from_id",
        "to_id",
        "need",
        "status",
        "resident_id",
        "source",
        "verified_on",
    ),
    "needs.csv": ("id", "name_ja", "name_en", "source"),
}


def row_cells(record: object, columns: tuple[str, ...]) -> list[str]:
    """The CSV cells of a record, in ``columns`` order (``source`` is always synthetic)."""
    out: list[str] = []
    for col in columns:
        if col == "source":
            out.append(SOURCE)
        else:
            out.append(_cell(getattr(record, col)))
    return out
