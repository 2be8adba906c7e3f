"""The view graph's builders, one module per category of what a map shows.

:func:`netmap.viz.view.build_view` (the public home of the view graph: ``build_view``,
``ViewContext``, ``MapAnalyses``, ``add_wide_referral_partners``) composes them:

* :mod:`~netmap.viz.views.scope`: which areas a view covers (the city's roll-up of areas
  into the shown ones, an area's sub-areas) and the attributes every node shares;
* :mod:`~netmap.viz.views.areas`: area nodes (the city's wards and districts with their
  figures; an area and the areas below it);
* :mod:`~netmap.viz.views.organisations`: organisations (located here, running an activity
  here, or a wide-area referral partner) and their bridge figures;
* :mod:`~netmap.viz.views.activities`: activities held in the area;
* :mod:`~netmap.viz.views.networks`: networks working in the area or with a member here;
* :mod:`~netmap.viz.views.links`: ties between shown nodes (memberships, who runs what,
  partnerships, referral links, missing bridges; the city's ties and flows between areas);
* :mod:`~netmap.viz.views.partners`: the district sheet's wide-area referral partners;
* :mod:`~netmap.viz.views.residents`: residents, only ever as published counts.
"""
