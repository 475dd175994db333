"""Development and test tooling for CareNet — never installed in a service image.

- `carenet_testing.plugin`: the pytest plugin (a real, migrated database per run; app fixtures; the clock).
- `carenet_testing.stack`: start and stop the whole stack as real processes (`make run`, cross-service
  tests, benchmarks).
- `carenet_testing.statements`: `count_statements(engine)`, the SQL statements a block sends (hot-path guards).
"""
