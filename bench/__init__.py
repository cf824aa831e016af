"""Benchmarks: real processes on loopback, figures recorded in each README."""
