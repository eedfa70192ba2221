"""Former home of parts of ``sitegen serve``, now in :mod:`sitegen.serve`:
the Host check (:mod:`sitegen.serve.hosts`) and the build process
(:mod:`sitegen.serve.process`); these modules re-export them."""
