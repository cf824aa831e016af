"""`python -m workers` (what `petra worker` runs): one arq worker process."""

from workers.settings import run

run()
