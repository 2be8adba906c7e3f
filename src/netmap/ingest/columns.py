"""The import files and their columns, declared once (DATA_MODEL.md "Import format").

Each file is a :class:`FileSpec`: the node label its rows create (or, for memberships,
partnerships and participations, the relationship type), and its :class:`Column` specs:
type, whether required, allowed values (a :class:`~netmap.model.vocab.Vocabulary`), the
labels a reference may name and the relationship it becomes. The reader, the validator, the
transform, the template and the user documentation all work from this table.

``kinds.csv`` (the ``kinds`` sheet) is the one file that describes no record: it adds
organisation and activity kinds to the vocabularies for the import that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from netmap.model.schema import REL_TYPES, Label, Rel
from netmap.model.vocab import VOCABULARIES

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
    DATE = "date"  # stored as YYYY-MM-DD; read by netmap.dates.parse_date (2024/6/30, 令和6年…)
    ENUM = "enum"  # a code of ``vocabulary`` (its code or label as typed)
    REF = "ref"  # id of a node with one of ``refs`` labels
    NEED = "need"  # id of a Need (vocabulary, needs.csv or store)


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    ``many``: a ``;``-separated list. ``vocabulary``: the name of the
    :data:`~netmap.model.vocab.VOCABULARIES` entry an enum (or need) column draws on;
    ``choices`` are its codes. ``soft``: the import's ``kinds`` sheet may add codes to the
    vocabulary (organisation and activity kinds); an unknown value is an error either way.
    ``resident``:
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
    vocabulary: str | None = None


@dataclass(frozen=True)
class FileSpec:
    """An import file: ``label`` for a node file, ``rel`` (with ``endpoints``, the source and
    target columns) for a relationship file; neither for ``kinds.csv``
    (``vocabulary_file``: it extends the vocabularies, it holds no records).
    ``strict_columns``: undeclared columns are dropped with a warning instead of kept as
    properties (residents)."""

    name: str
    columns: tuple[Column, ...]
    label: str | None = None
    rel: str | None = None
    endpoints: tuple[str, str] | None = None
    strict_columns: bool = False
    notes: tuple[str, ...] = field(default=())
    vocabulary_file: bool = False
    #: what the records are called in Japanese: the sheet's title, a short name (reports)
    title_ja: str = ""
    kind_ja: str = ""

    @property
    def stem(self) -> str:
        """The name of the sheet (and of the kind of record): ``"organisations"``."""
        return self.name.removesuffix(".csv")

    def column(self, name: str) -> Column | None:
        for c in self.columns:
            if c.name == name:
                return c
        return None

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _enum(name: str, vocabulary: str, *, required: bool = False, many: bool = False) -> Column:
    vocab = VOCABULARIES[vocabulary]
    return Column(
        name,
        ColumnType.ENUM,
        required=required,
        many=many,
        choices=vocab.values,
        soft=vocab.extensible,
        vocabulary=vocabulary,
    )


def _need(name: str, *, required: bool = False, many: bool = False, rel: str) -> Column:
    return Column(name, ColumnType.NEED, required=required, many=many, rel=rel, vocabulary="need")


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
        "kinds.csv",
        (
            _enum("vocabulary", "vocabulary", required=True),
            Column("code", required=True),
            Column("label_ja"),
            Column("label_en"),
        ),
        vocabulary_file=True,
    ),
    FileSpec(
        "areas.csv",
        (
            _id(),
            _name(),
            _enum("level", "level", required=True),
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
            _enum("kind", "organisation_kind", required=True),
            Column("area_id", ColumnType.REF, required=True, refs=_AREA, rel=Rel.LOCATED_IN),
            Column("sectors", many=True),
            _need("provides", many=True, rel=Rel.PROVIDES),
            *_COMMON,
        ),
        label=Label.ORGANISATION,
    ),
    FileSpec(
        "networks.csv",
        (
            _id(),
            _name(),
            _enum("kind", "network_kind", required=True),
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
            _enum("role", "role"),
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
            _enum("kind", "activity_kind", required=True),
            Column("organisation_id", ColumnType.REF, required=True, refs=_ORG, rel=Rel.RUNS),
            Column("area_id", ColumnType.REF, required=True, refs=_AREA, rel=Rel.HELD_IN),
            _need("needs", required=True, many=True, rel=Rel.ADDRESSES),
            _enum("target_groups", "target_group", many=True),
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
            _need("needs", required=True, many=True, rel=Rel.HAS_NEED),
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
            _need("need", required=True, rel=Rel.ABOUT),
            _enum("status", "status"),
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

#: What each file's records are called in Japanese (the template's sheet titles, reports).
_TITLES_JA: dict[str, str] = {
    "needs.csv": "ニーズの追加（任意）",
    "kinds.csv": "種別の追加（任意）",
    "areas.csv": "地域",
    "organisations.csv": "団体・機関",
    "networks.csv": "既存のネットワーク",
    "memberships.csv": "ネットワークの構成団体",
    "partnerships.csv": "日常的な連携",
    "activities.csv": "活動・サービス（社会資源）",
    "residents.csv": "支援を必要とする住民（仮名化）",
    "participations.csv": "活動への参加",
    "referrals.csv": "つなぎ（入口と出口）",
}
_KINDS_JA: dict[str, str] = {
    "needs.csv": "ニーズ",
    "kinds.csv": "種別",
    "areas.csv": "地域",
    "organisations.csv": "団体・機関",
    "networks.csv": "ネットワーク",
    "memberships.csv": "構成団体",
    "partnerships.csv": "連携",
    "activities.csv": "活動",
    "residents.csv": "住民",
    "participations.csv": "参加",
    "referrals.csv": "つなぎ",
}
_SPECS = tuple(replace(s, title_ja=_TITLES_JA[s.name], kind_ja=_KINDS_JA[s.name]) for s in _SPECS)

#: File name → spec, in dependency order (needs, kinds and areas first).
FILE_SPECS: dict[str, FileSpec] = {s.name: s for s in _SPECS}
FILE_ORDER: tuple[str, ...] = tuple(FILE_SPECS)


def _check() -> None:
    """The declarations agree with the schema (run at import; cheap)."""
    for spec in _SPECS:
        if spec.vocabulary_file:
            assert spec.label is None and spec.rel is None, spec.name
            continue
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
