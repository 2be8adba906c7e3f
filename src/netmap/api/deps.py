"""Dependencies of the API routes, as ``Annotated`` aliases tests can override.

* :data:`SettingsDep`, :data:`StoreDep`, :data:`ContextDep`: the app's settings, store and state;
* :data:`CurrentUser`: the token of the request (401 without a valid one: unknown, revoked
  or expired, each said); a successful check records the token's last use;
* :data:`ViewerUser`, :data:`AnalystUser`, :data:`AdminUser`: at least that role (403 otherwise);
  :data:`GlobalAdmin`: an admin with no area scope (import, delete, tokens);
* :data:`ScopeDep`: the token's area scope, which turns a requested area — an id or a
  name (:mod:`netmap.names`) — into the id of the area a result is filtered to (403 for an
  area outside the scope; a scoped token is never told about areas outside it).

Overriding in tests: ``app.dependency_overrides[get_store] = lambda: my_store``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from netmap.api.context import AppContext, GraphSnapshot
from netmap.auth import Role, TokenInfo
from netmap.config import Settings
from netmap.store.base import GraphStore

if TYPE_CHECKING:
    from netmap.disclosure.release import Release
    from netmap.names import NameIndex

__all__ = [
    "AdminUser",
    "AnalystUser",
    "ContextDep",
    "CurrentUser",
    "GlobalAdmin",
    "Scope",
    "ScopeDep",
    "SettingsDep",
    "StoreDep",
    "ViewerUser",
    "get_context",
    "get_current_user",
    "get_scope",
    "get_settings_dep",
    "get_store",
]


def get_context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.netmap
    return ctx


ContextDep = Annotated[AppContext, Depends(get_context)]


def get_settings_dep(ctx: ContextDep) -> Settings:
    return ctx.settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_store(ctx: ContextDep) -> GraphStore:
    """The store, opened on first use (503 when it cannot be reached)."""
    return ctx.stores.get()


StoreDep = Annotated[GraphStore, Depends(get_store)]

_bearer = HTTPBearer(
    auto_error=False,
    description="A token from `netmap token create` (or POST /api/v1/tokens).",
)


def get_current_user(
    ctx: ContextDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TokenInfo:
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "sign in: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    tokens = ctx.tokens
    info = tokens.find(credentials.credentials)
    if info is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "the token is unknown or revoked",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if tokens.is_expired(info):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            f"the token expired at {info.expires} (UTC): ask an admin for a new one",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return tokens.record_use(info)


CurrentUser = Annotated[TokenInfo, Depends(get_current_user)]


def require(role: Role, *, unscoped: bool = False) -> Callable[[TokenInfo], TokenInfo]:
    """A dependency that lets through tokens of at least ``role`` (and, with ``unscoped``,
    only tokens without an area scope)."""

    def check(user: CurrentUser) -> TokenInfo:
        if not user.role.allows(role):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"this needs the {role.value} role or higher"
            )
        if unscoped and user.area_id is not None:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, "this needs a token without an area scope"
            )
        return user

    check.__name__ = f"require_{role.value}{'_unscoped' if unscoped else ''}"
    return check


ViewerUser = Annotated[TokenInfo, Depends(require(Role.VIEWER))]
AnalystUser = Annotated[TokenInfo, Depends(require(Role.ANALYST))]
AdminUser = Annotated[TokenInfo, Depends(require(Role.ADMIN))]
GlobalAdmin = Annotated[TokenInfo, Depends(require(Role.ADMIN, unscoped=True))]


@dataclass
class Scope:
    """What a token may see: every area (``area_id`` None) or one area and its sub-areas."""

    user: TokenInfo
    ctx: AppContext
    store: GraphStore

    @property
    def area_id(self) -> str | None:
        return self.user.area_id

    @property
    def exact(self) -> bool:
        """Exact counts (analyst, admin) or suppressed ones (viewer)."""
        return self.user.role.allows(Role.ANALYST)

    def snapshot(self) -> GraphSnapshot:
        return self.ctx.snapshot(self.store)

    def release(self, as_of: dt.date | None) -> Release:
        """The release that answers ``as_of`` for viewers and meetings (built from this
        data version's graph if it does not exist yet; frozen once built)."""
        from netmap.disclosure.storage import GraphSource
        from netmap.service.releases import release_for

        source = GraphSource(version=self.store.data_version, graph=lambda: self.snapshot().graph)
        return release_for(self.ctx.settings, source, as_of)

    def areas(self) -> frozenset[str] | None:
        """The area ids in scope, or ``None`` for all."""
        if self.area_id is None:
            return None
        snap = self.snapshot()
        return snap.areas.descendants(snap.graph, self.area_id) or frozenset({self.area_id})

    def allows(self, area_id: str) -> bool:
        allowed = self.areas()
        return allowed is None or area_id in allowed

    def check(self, area_id: str) -> None:
        """403 for an area outside the scope."""
        if not self.allows(area_id):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"area {area_id!r} is outside this token's scope ({self.area_id})",
            )

    def _names(self, kind: str) -> NameIndex:
        """The name index of areas or needs of this data version (built once per version)."""
        from netmap.names import area_index, need_index

        snap = self.snapshot()

        def build() -> NameIndex:
            return area_index(snap.areas) if kind == "area" else need_index(snap.graph)

        return self.ctx.cached((snap.version, "names", kind), build)

    def resolve_area(self, text: str, *, strict: bool = True) -> str:
        """The id of the area ``text`` names: an id, or a name (:mod:`netmap.names`).

        A scoped token resolves only among the areas of its scope: anything else — an area
        outside the scope or one that does not exist, alike — is 403, with suggestions
        taken only from the scope. For a token without a scope an unknown area is an
        :class:`~netmap.errors.UnknownNameError` (422, with suggestions), or with
        ``strict=False`` the text itself, for the caller to report. A name shared by
        several areas is an :class:`~netmap.errors.AmbiguousNameError` (422) either way.
        """
        from netmap.errors import UnknownNameError

        names = self._names("area")
        allowed = self.areas()
        if allowed is None:
            try:
                return names.resolve(text)
            except UnknownNameError:
                if strict:
                    raise
                return text
        if text.strip() in allowed:  # the scope's own id, even before its data is imported
            return text.strip()
        try:
            return names.resolve(text, within=allowed)
        except UnknownNameError as exc:
            hint = ""
            if exc.suggestions:
                hint = " — 候補 / did you mean: " + ", ".join(s.label() for s in exc.suggestions)
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"地区「{text.strip()}」はこのトークンの範囲（{self.area_id}）にありません / "
                f"area {text!r} is outside this token's scope ({self.area_id}){hint}",
            ) from None

    def resolve_need(self, text: str | None) -> str | None:
        """The id of the need ``text`` names (an id, a Japanese or English name), ``None``
        for none; an :class:`~netmap.errors.UnknownNameError` (422) with suggestions."""
        return None if text is None else self._names("need").resolve(text)

    def effective_area(self, requested: str | None, *, strict: bool = False) -> str | None:
        """The id of the area a result is filtered to: the requested one (an id or a name,
        checked against the scope: :meth:`resolve_area`) or, when none is requested, the
        scope's area (``None``: the whole city). Without ``strict`` an unknown area is
        passed on for the caller to report (lists: 404)."""
        if requested is None:
            return self.area_id
        return self.resolve_area(requested, strict=strict)

    def require_area(self, area_id: str) -> str:
        """The id of an area named in a path (an id or a name): in scope (403) and known
        (404, with suggestions for a token without a scope)."""
        from netmap.errors import NotFound, UnknownNameError

        try:
            area = self.resolve_area(area_id)
        except UnknownNameError as exc:
            raise NotFound(exc.message, details=exc.details) from None
        if area not in self.snapshot().areas:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no area with id {area_id!r}")
        return area


def get_scope(user: CurrentUser, ctx: ContextDep, store: StoreDep) -> Scope:
    return Scope(user=user, ctx=ctx, store=store)


ScopeDep = Annotated[Scope, Depends(get_scope)]
