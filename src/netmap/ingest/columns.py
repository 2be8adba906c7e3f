"""The import files and their columns, declared once (DATA_MODEL.md "Import format").

Each file is a :class:`FileSpec`: the node label its rows create (or, for memberships,
partnerships and participations, the relationship type), and its :class:`Column` specs:
type, whether required, allowed values (taken from :mod:`netmap.model.vocab`), the labels
a reference may name and the relationship it becomes. The reader, the validator, the
transform and the user documentation all work from this table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from netmap.model.schema import REL_TYPES, Label, Rel
from netmap.model.vocab import (
    ACTIVITY_KINDS,
    ORGANISATION_KINDS,
    AreaLevel,
    MembershipRole,
    NetworkKind,
    ReferralStatus,
    TargetGroup,
)

__all__ = [
    "FILE_ORDER",
    "FILE_SPECS",
    "LIST_SEPARATORS",
    "PROVENANCE_COLUMNS",
    "TIME_COLUMNS",
    "Column",
    "ColumnType",
    "FileSpec",
]

#: Separators of list items inside a cell (the full-width one is what a Japanese IME types).
LIST_SEPARATORS = (";", "；")


class ColumnType(StrEnum):
    ID = "id"  # the row's own id
    STR = "str"
    INT = "int"
    FLOAT = "float"
    DATE = "date"  # ISO YYYY-MM-DD (YYYY/M/D as Excel writes it is accepted and normalised)
    ENUM = "enum"  # one of ``choices``
    REF = "ref"  # id of a node with one of ``refs`` labels
    NEED = "need"  # id of a Need (vocabulary, needs.csv or store)


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    ``many``: a ``;``-separated list. ``soft``: an unknown enum value is kept with a
    warning (organisation and activity kinds) instead of being an error. ``resident``:
    the value is a raw resident id, pseudonymised on read and never shown in a problem.
    ``rel``: the relationship a reference column becomes (its direction and owner come
    from :data:`netmap.model.schema.REL_TYPES`). ``minimum``: the smallest allowed number.
    """

    name: str
    type: ColumnType = ColumnType.STR
    required: bool = False
    many: bool = False
    choices: tuple[str, ...] = ()
    soft: bool = False
    refs: tuple[str, ...] = ()
    rel: str | None = None
    resident: bool = False
    minimum: float | None = None


@dataclass(frozen=True)
class FileSpec:
    """An import file: ``label`` for a node file, ``rel`` (with ``endpoints``, the source and
    target columns) for a relationship file. ``strict_columns``: undeclared columns are
    dropped with a warning instead of kept as properties (residents)."""

    name: str
    columns: tuple[Column, ...]
    label: str | None = None
    rel: str | None = None
    endpoints: tuple[str, str] | None = None
    strict_columns: bool = False
    notes: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column | None:
        for c in self.columns:
            if c.name == name:
                return c
        return None

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _choices(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(e.value for e in enum)


#: ``valid_from`` / ``valid_to``: when the record held (empty: since always / still).
TIME_COLUMNS: tuple[Column, ...] = (
    Column("valid_from", ColumnType.DATE),
    Column("valid_to", ColumnType.DATE),
)
#: ``source`` / ``verified_on``: where a record came from and when it was last confirmed.
PROVENANCE_COLUMNS: tuple[Column, ...] = (
    Column("source", ColumnType.STR),
    Column("verified_on", ColumnType.DATE),
)
_COMMON = TIME_COLUMNS + PROVENANCE_COLUMNS

_AREA = (Label.AREA,)
_ORG = (Label.ORGANISATION,)


def _id() -> Column:
    return Column("id", ColumnType.ID, required=True)


def _name() -> Column:
    return Column("name", ColumnType.STR, required=True)


_SPECS: tuple[FileSpec, ...] = (
    FileSpec(
        "needs.csv",
        (
            _id(),
            Column("name_ja", required=True),
            Column("name_en"),
            *PROVENANCE_COLUMNS,
        ),
        label=Label.NEED,
    ),
    FileSpec(
        "areas.csv",
        (
            _id(),
            _name(),
            Column("level", ColumnType.ENUM, required=True, choices=_choices(AreaLevel)),
            Column("parent_id", ColumnType.REF, refs=_AREA, rel=Rel.PART_OF),
            Column("population", ColumnType.INT, minimum=0),
            *_COMMON,
        ),
        label=Label.AREA,
    ),
    FileSpec(
        "organisations.csv",
        (
            _id(),
            _name(),
            Column(
                "kind",
                ColumnType.ENUM,
                required=True,
                choices=tuple(ORGANISATION_KINDS),
                soft=True,
            ),
            Column("area_id", ColumnType.REF, required=True, refs=_AREA, rel=Rel.LOCATED_IN),
            Column("sectors", many=True),
            Column("provides", ColumnType.NEED, many=True, rel=Rel.PROVIDES),
            *_COMMON,
        ),
        label=Label.ORGANISATION,
    ),
    FileSpec(
        "networks.csv",
        (
            _id(),
            _name(),
            Column("kind", ColumnType.ENUM, required=True, choices=_choices(NetworkKind)),
            Column("covers", ColumnType.REF, many=True, refs=_AREA, rel=Rel.COVERS),
            *_COMMON,
        ),
        label=Label.NETWORK,
    ),
    FileSpec(
        "memberships.csv",
        (
            Column("organisation_id", ColumnType.REF, required=True, refs=_ORG),
            Column("network_id", ColumnType.REF, required=True, refs=(Label.NETWORK,)),
            Column("role", ColumnType.ENUM, choices=_choices(MembershipRole)),
            *_COMMON,
        ),
        rel=Rel.MEMBER_OF,
        endpoints=("organisation_id", "network_id"),
    ),
    FileSpec(
        "partnerships.csv",
        (
            Column("source_id", ColumnType.REF, required=True, refs=_ORG),
            Column("target_id", ColumnType.REF, required=True, refs=_ORG),
            Column("kind"),
            Column("since", ColumnType.DATE),
            *_COMMON,
        ),
        rel=Rel.PARTNERS_WITH,
        endpoints=("source_id", "target_id"),
    ),
    FileSpec(
        "activities.csv",
        (
            _id(),
            _name(),
            Column(
                "kind", ColumnType.ENUM, required=True, choices=tuple(ACTIVITY_KINDS), soft=True
            ),
            Column("organisation_id", ColumnType.REF, required=True, refs=_ORG, rel=Rel.RUNS),
            Column("area_id", ColumnType.REF, required=True, refs=_AREA, rel=Rel.HELD_IN),
            Column("needs", ColumnType.NEED, required=True, many=True, rel=Rel.ADDRESSES),
            Column("target_groups", ColumnType.ENUM, many=True, choices=_choices(TargetGroup)),
            Column("capacity", ColumnType.INT, minimum=0),
            *_COMMON,
        ),
        label=Label.ACTIVITY,
    ),
    FileSpec(
        "residents.csv",
        (
            Column("id", ColumnType.ID, required=True, resident=True),
            Column("area_id", ColumnType.REF, required=True, refs=_AREA, rel=Rel.LIVES_IN),
            Column("needs", ColumnType.NEED, required=True, many=True, rel=Rel.HAS_NEED),
            Column("age_band"),
            *_COMMON,
        ),
        label=Label.RESIDENT,
        strict_columns=True,
        notes=(
            "netmap stores no names, addresses or free text for residents: columns other "
            "than these are dropped on import.",
        ),
    ),
    FileSpec(
        "participations.csv",
        (
            Column(
                "resident_id",
                ColumnType.REF,
                required=True,
                refs=(Label.RESIDENT,),
                resident=True,
            ),
            Column("activity_id", ColumnType.REF, required=True, refs=(Label.ACTIVITY,)),
            Column("since", ColumnType.DATE),
            *_COMMON,
        ),
        rel=Rel.PARTICIPATES_IN,
        endpoints=("resident_id", "activity_id"),
    ),
    FileSpec(
        "referrals.csv",
        (
            _id(),
            Column("date", ColumnType.DATE, required=True),
            Column("from_id", ColumnType.REF, required=True, refs=_ORG, rel=Rel.FROM),
            Column(
                "to_id",
                ColumnType.REF,
                required=True,
                refs=(Label.ORGANISATION, Label.ACTIVITY),
                rel=Rel.TO,
            ),
            Column("need", ColumnType.NEED, required=True, rel=Rel.ABOUT),
            Column("status", ColumnType.ENUM, choices=_choices(ReferralStatus)),
            Column(
                "resident_id",
                ColumnType.REF,
                refs=(Label.RESIDENT,),
                rel=Rel.CONCERNS,
                resident=True,
            ),
            *PROVENANCE_COLUMNS,
        ),
        label=Label.REFERRAL,
    ),
)

#: File name → spec, in dependency order (needs and areas first).
FILE_SPECS: dict[str, FileSpec] = {s.name: s for s in _SPECS}
FILE_ORDER: tuple[str, ...] = tuple(FILE_SPECS)


def _check() -> None:
    """The declarations agree with the schema (run at import; cheap)."""
    for spec in _SPECS:
        assert (spec.label is None) != (spec.rel is None), spec.name
        for c in spec.columns:
            if c.rel is not None:
                rt = REL_TYPES[c.rel]
                assert spec.label is not None
                ends = (rt.sources, rt.targets)
                if rt.owner == "target":
                    ends = (rt.targets, rt.sources)
                assert spec.label in ends[0], (spec.name, c.name)
                want = (Label.NEED,) if c.type is ColumnType.NEED else c.refs
                assert set(want) <= set(ends[1]), (spec.name, c.name)
        if spec.rel is not None:
            assert spec.endpoints is not None and REL_TYPES[spec.rel].owner == "pair"


_check()
