"""Fetches the served page and checks its heading.

The server has no readiness probe yet, so this retries for a few seconds
while it starts."""
import os
import sys
import time
import urllib.request

url = os.environ["APP_URL"]
deadline = time.time() + 10
while True:
    try:
        body = urllib.request.urlopen(url, timeout=2).read().decode()
        break
    except OSError as e:
        if time.time() > deadline:
            sys.exit(f"smoke-test: {url} did not answer: {e}")
        time.sleep(0.2)
if "Hello from pitch" not in body:
    sys.exit(f"smoke-test: unexpected page: {body!r}")
print(f"smoke-test: {url} serves the page")
