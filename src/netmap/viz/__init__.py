"""Maps, diagrams and exports: what netmap shows to people.

Shared, renderer-independent base (import these, not a renderer):

* :mod:`netmap.viz.view`: :func:`~netmap.viz.view.build_view` makes the *view graph* of a
  map (city view or one area) from the canonical graph and a release
  (:mod:`netmap.disclosure`): every resident count in it is the release's published value,
  and every renderer requires such a view (:func:`netmap.disclosure.guard.require_published`);
* :mod:`netmap.viz.layout`: :func:`~netmap.viz.layout.compute_layout`, deterministic and
  stable positions;
* :mod:`netmap.viz.styles`: colours, shapes, sizes and legend entries;
* :mod:`netmap.viz.describe`: plain-word Japanese descriptions for tooltips and tables.

Renderers: :mod:`netmap.viz.interactive` (offline HTML map; the only module importing
pyvis).
"""
