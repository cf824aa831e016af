"""`petra dev` and the embedded PostgreSQL and Redis: local runs and tests, never production.

Nothing under `api/`, `workers/` or `emulator/` imports this package at module level; the CLI
loads it only for `petra dev`, so the production image needs neither it nor the embedded extra.
"""
