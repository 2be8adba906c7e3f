"""The netmap REST API and its small web app (``netmap serve``).

Build an application with :func:`create_app`; nothing is created at import time.
"""

from __future__ import annotations

from netmap.api.app import create_app

__all__ = ["create_app"]
