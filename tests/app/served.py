"""The test app as gunicorn serves it, for tests that need a real server: the database,
instance folders and any overrides come from FRR_SERVED_CONFIG (JSON), set by the test."""

from __future__ import annotations

import json
import os

from oversight import create_app

app = create_app("test", json.loads(os.environ["FRR_SERVED_CONFIG"]))
