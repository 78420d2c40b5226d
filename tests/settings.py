"""Test settings: the product settings over plain HTTP (for the live test server), with a fast hasher."""

import os
import tempfile

os.environ.setdefault("SERVICELADDER_INSECURE_HTTP", "1")
os.environ.setdefault("SERVICELADDER_HOME", tempfile.mkdtemp(prefix="serviceladder-test-home-"))

from serviceladder.settings import *  # noqa: E402,F403
from serviceladder.settings import STATIC_ROOT  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
