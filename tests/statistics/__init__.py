"""Tests of oversight.statistics (and the statistics API, oversight.api.statistics)."""
