"""One tagged router per resource, mounted under ``/api/v1`` by :func:`netmap.api.create_app`."""
