"""Chapters: one per page. Each computes its facts once (``compute(context) -> Chapter``) and
hands them to every surface: the page's notebook, ``results.json``, the draft, the index and
explore. :mod:`.registry` lists them."""
