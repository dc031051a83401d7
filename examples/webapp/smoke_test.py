"""Fetches the served page and checks its heading.

No retries: the Tiltfile gates this on the server's readiness probe, so
the server answers by the time this runs."""
import os
import sys
import urllib.request

url = os.environ["APP_URL"]
try:
    body = urllib.request.urlopen(url, timeout=2).read().decode()
except OSError as e:
    sys.exit(f"smoke-test: {url} did not answer: {e}")
if "Hello from pitch" not in body:
    sys.exit(f"smoke-test: unexpected page: {body!r}")
print(f"smoke-test: {url} serves the page")
