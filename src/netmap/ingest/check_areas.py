"""The area hierarchy: cycles (through the files and the store), an area placed below
one as fine or finer than itself, and residents recorded at neighbourhood level.
"""

from __future__ import annotations

from netmap.ingest.checker import Checker
from netmap.ingest.columns import FileSpec
from netmap.ingest.messages import t
from netmap.ingest.validation import ParsedRow
from netmap.model.schema import Label
from netmap.model.vocab import LEVEL_JA, LEVEL_RANK, AreaLevel

__all__ = ["AreaChecks"]


class AreaChecks(Checker):
    """The area hierarchy, in the files and through the store."""

    def check_areas(self) -> None:
        vf = self.files.get("areas.csv")
        levels: dict[str, str | None] = {}
        parents: dict[str, str | None] = {}
        rows: dict[str, ParsedRow] = {}
        if vf is not None:
            for row in vf.rows:
                aid = row.values.get("id")
                if isinstance(aid, str) and aid not in rows:
                    rows[aid] = row
                    levels[aid] = row.values.get("level")
                    parents[aid] = row.values.get("parent_id")
        # Parents stored (not in the files) matter only when a file area hangs below one.
        needs_store = any(
            p is not None and p not in rows and self.existing.get(p) == Label.AREA
            for p in parents.values()
        )
        if needs_store and self.store_areas is not None:
            for aid, info in self.store_areas().items():
                if aid not in rows:
                    levels[aid], parents[aid] = info.level, info.parent
        if vf is not None:
            in_cycles = self.check_cycles(vf.spec, rows, parents)
            self.check_area_levels(vf.spec, rows, levels, skip=in_cycles)
        self.check_resident_levels(levels)

    def check_cycles(
        self, spec: FileSpec, rows: dict[str, ParsedRow], parents: dict[str, str | None]
    ) -> set[str]:
        col = spec.column("parent_id")
        in_cycles: set[str] = set()
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        for start in sorted(rows):
            path: list[str] = []
            node: str | None = start
            while node is not None and state.get(node) is None and node in parents:
                state[node] = 1
                path.append(node)
                node = parents[node]
            if node is not None and state.get(node) == 1:
                cycle = path[path.index(node) :]
                shown = " → ".join([*cycle, node])
                in_cycles.update(cycle)
                for aid in cycle:
                    if aid in rows:
                        self.problem(
                            spec,
                            rows[aid].number,
                            col,
                            parents[aid],
                            t(
                                f"地域の階層が循環しています: {shown}",
                                f"the area hierarchy has a cycle: {shown}",
                            ),
                        )
            for n in path:
                state[n] = 2
        return in_cycles

    def check_area_levels(
        self,
        spec: FileSpec,
        rows: dict[str, ParsedRow],
        levels: dict[str, str | None],
        *,
        skip: set[str],
    ) -> None:
        for aid, row in rows.items():
            if aid in skip:
                continue
            parent = row.values.get("parent_id")
            if not isinstance(parent, str) or parent == aid:
                continue
            mine, theirs = levels.get(aid), levels.get(parent)
            if (
                mine in LEVEL_RANK
                and theirs in LEVEL_RANK
                and LEVEL_RANK[mine] <= LEVEL_RANK[theirs]
            ):
                assert mine is not None and theirs is not None
                self.problem(
                    spec,
                    row.number,
                    "parent_id",
                    parent,
                    t(
                        f"{LEVEL_JA[mine]}を{LEVEL_JA[theirs]}の下に置けません: "
                        "上位の地域は自分より広い地域にしてください",
                        f"a {mine} cannot be part of a {theirs}: the parent must be a coarser area",
                    ),
                )

    def check_resident_levels(self, levels: dict[str, str | None]) -> None:
        vf = self.files.get("residents.csv")
        if vf is None:
            return
        for row in vf.rows:
            area = row.values.get("area_id")
            if isinstance(area, str) and levels.get(area) == AreaLevel.NEIGHBOURHOOD:
                self.problem(
                    vf.spec,
                    row.number,
                    "area_id",
                    area,
                    t(
                        "住民の地域は地区以上の単位にします（プライバシーのため）: "
                        "この地域は町内です",
                        "residents are recorded at district level or coarser (privacy); "
                        "this area is a neighbourhood",
                    ),
                )
