"""Settings for the tests under tests/: the browser tests drive Chromium from this process."""

import os

# Playwright's sync API runs an event loop in the test thread; Django's guard against
# database calls from async contexts would refuse the test's own ORM calls otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
