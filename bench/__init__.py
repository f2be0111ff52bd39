"""Benchmarks of the kiosk on modest hardware (offscreen); not part of the test suite."""
