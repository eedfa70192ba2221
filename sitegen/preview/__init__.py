"""Parts of ``sitegen serve`` (:mod:`sitegen.serve`) that stand on their own:
the Host header check (:mod:`.hosts`) and the build process that keeps the
rebuilds off the server's interpreter (:mod:`.builder`)."""
