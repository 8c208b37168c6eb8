"""Hypothesis profiles for the fuzz tests.

    pytest tests/fuzz                                   # `default`: fast, part of every run
    pytest --hypothesis-profile=soak tests/fuzz         # `soak`: a hundred times the examples

A test that runs the CLI batches many generated inputs into one run, and scales
its examples by `examples(n)` so the default profile stays well under a minute.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# Generating files and running readers on them is slower than hypothesis expects of a test.
_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                     HealthCheck.function_scoped_fixture])
settings.register_profile("default", max_examples=100, **_COMMON)
settings.register_profile("soak", max_examples=4000, **_COMMON)


def pytest_configure(config):
    # Called for this conftest even when it is found late (`pytest tests`): the profile
    # asked for on the command line wins, else the fast one.
    settings.load_profile(config.getoption("hypothesis_profile", None) or "default")
