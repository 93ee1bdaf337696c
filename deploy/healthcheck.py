"""Container healthcheck: ``python healthcheck.py URL`` exits 0 when URL answers 2xx/3xx.

The service image has no curl or wget; this needs only the standard library."""

import sys
import urllib.error
import urllib.request


def main(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return 0 if resp.status < 400 else 1
    except (urllib.error.URLError, OSError) as e:
        print(f"healthcheck {url}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
