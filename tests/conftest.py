"""Fixtures shared by the suites: a real Meilisearch and a throwaway PostgreSQL database."""

pytest_plugins = ["tests.meili_fixtures", "tests.pg_fixtures"]
