"""Requesting GDAP from a client: role templates, the relationship request, and following it
until the tenant is Ready."""
