#!/bin/sh
# The image's entrypoint: everything the service (and its crawl children) logs goes to
# stdout, one JSON object per line (NEWSARCHIVE_LOG_FORMAT=json), for `docker logs`.
exec 2>&1
exec "$@"
