"""Petra Scan: read-only security checks of client tenants, run in batches on the engine."""
