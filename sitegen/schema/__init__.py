"""JSON Schemas for editors (``sitegen schema``), generated from the same
definitions the validator uses: ``kinds.py`` (the kinds of value, each with
its check and its schema), ``documents.py`` (site.yml, front matter, nav and
notices as complete documents, written to files)."""
