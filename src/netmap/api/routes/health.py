"""Liveness and readiness (no token needed: load balancers and compose health checks)."""

from __future__ import annotations

from fastapi import APIRouter

import netmap
from netmap.api.deps import StoreDep
from netmap.api.errors import ErrorBody
from netmap.api.schemas import HealthOut, ReadyOut

router = APIRouter(tags=["health"])


@router.get("/health", summary="The API process is up")
def health() -> HealthOut:
    return HealthOut(version=getattr(netmap, "__version__", "0"))


@router.get(
    "/ready",
    summary="The data store is reachable",
    responses={503: {"model": ErrorBody, "description": "The data store is unavailable"}},
)
def ready(store: StoreDep) -> ReadyOut:
    store.ping()
    return ReadyOut(store=store.name)
