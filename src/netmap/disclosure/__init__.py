"""Disclosure control: every count a viewer or a meeting sees comes from a *release*.

* :mod:`~netmap.disclosure.cells`: the published cells and their relations, counted in
  one pass;
* :mod:`~netmap.disclosure.suppress`: primary and secondary suppression over all
  relations at once;
* :mod:`~netmap.disclosure.audit`: the LP audit that bounds every hidden cell (its
  linear and integer programs in :mod:`~netmap.disclosure.audit_lp`, its report in
  :mod:`~netmap.disclosure.audit_report`);
* :mod:`~netmap.disclosure.release`: the release (cells, relations, payload), built and
  audited once per reference date;
* :mod:`~netmap.disclosure.calendar`: reference dates (month or quarter ends) and periods;
* :mod:`~netmap.disclosure.storage`: release files in the data dir, built under a file
  lock, frozen;
* :mod:`~netmap.disclosure.publish`: the analyses' JSON for viewers, read from a release;
* :mod:`~netmap.disclosure.guard`: no resident node, id or pseudonym in any output.

docs/privacy.md explains the rules to users.
"""
