"""Maps, diagrams and exports: what netmap shows to people.

Shared, renderer-independent base (import these, not a renderer):

* :mod:`netmap.viz.view`: :func:`~netmap.viz.view.build_view` makes the *view graph* of a
  map (city view or one area) from the canonical graph, a date and the analysis results;
* :mod:`netmap.viz.redact`: :func:`~netmap.viz.redact.redact_view`, the one redaction step
  (no residents, suppressed small counts) every renderer requires;
* :mod:`netmap.viz.layout`: :func:`~netmap.viz.layout.compute_layout`, deterministic and
  stable positions;
* :mod:`netmap.viz.styles`: colours, shapes, sizes and legend entries;
* :mod:`netmap.viz.describe`: plain-word Japanese descriptions for tooltips and tables.

Renderers: :mod:`netmap.viz.interactive` (offline HTML map; the only module importing
pyvis).
"""
