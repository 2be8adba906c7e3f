"""netmap: map local community-support networks and find where support is missing.

The public Python API (used by the notebooks) is re-exported from :mod:`netmap.api_public`
lazily so that ``import netmap`` stays fast.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
