"""A stand-in for Microsoft's identity platform, Graph and Partner Center (see README.md)."""
