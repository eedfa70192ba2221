"""sitegen: a static site generator for bilingual (Japanese/English) documentation and support sites."""

__version__ = "0.1.0"
