"""The letters' tests share the rights tests' information rights officer."""

from tests.rights.conftest import information_rights  # noqa: F401  (a fixture)
