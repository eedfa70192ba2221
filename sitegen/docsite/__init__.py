"""The documentation-site features of the default theme, as view data for
templates and as extra outputs:

=================  ==========================================================
``options``        the theme's keys of ``site.yml`` (``repo_url``,
                   ``edit_uri``, ``extra_css``/``extra_js``, ``logo``,
                   ``favicon``, ``og_image``, ``twitter``), validated
``navigation``     reading order of the navigation (previous / next) and
                   the entry a page belongs to (the sidebar's open section)
``gitdates``       last-updated dates of every source from one ``git log``
``dates``          a date in the reader's language (Babel / CLDR)
``editlinks``      "Edit this page" links into the repository
``images``         ``width``/``height`` from image files, lazy loading
``feeds``          an Atom feed of the notices per language
=================  ==========================================================

Everything here is a pure function of the site (and, for dates, of the
repository's current commit), so the output stays deterministic.
"""
