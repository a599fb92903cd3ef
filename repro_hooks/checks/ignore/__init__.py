"""The pieces of the ``gitignore`` check: git facts, the work-tree scan, compose files,
``.dockerignore`` matching and the ``--fix`` writer."""
