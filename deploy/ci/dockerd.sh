#!/usr/bin/env bash
# A Docker engine of its own for the deployment test (CI machines run none):
#   dockerd.sh start   start dockerd (unless this root's is running); prints DOCKER_HOST=...
#   dockerd.sh stop    stop its containers, then dockerd, by its pid (TERM, then KILL)
#   dockerd.sh env     print DOCKER_HOST=... for this root
# Everything lives under NEWSARCHIVE_DOCKER_ROOT (default /var/tmp/newsarchive-docker):
# data/ (images and build cache, kept across runs so warm runs reuse the image builds),
# exec/, docker.sock, dockerd.pid, dockerd.log. The engine gets no default bridge (docker0
# is left to any other engine on the machine); compose networks are made from its own
# address pool, and builds use the host network (deploy/ci/compose.ci.yml).
set -euo pipefail
root=${NEWSARCHIVE_DOCKER_ROOT:-/var/tmp/newsarchive-docker}
pool=${NEWSARCHIVE_DOCKER_POOL:-10.213.0.0/16}
start_timeout=${DOCKERD_START_TIMEOUT:-60}
stop_timeout=${DOCKERD_STOP_TIMEOUT:-30}
sock="$root/docker.sock"
pidfile="$root/dockerd.pid"
export DOCKER_HOST="unix://$sock"

running_pid() {  # the pid in the pidfile, if that process is this root's dockerd
  local pid
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "dockerd .*--data-root $root/data" || return 1
  echo "$pid"
}

start() {
  mkdir -p "$root/data" "$root/exec"
  if running_pid >/dev/null; then
    echo "DOCKER_HOST=$DOCKER_HOST"
    return 0
  fi
  rm -f "$pidfile" "$sock"
  command -v dockerd >/dev/null || { echo "dockerd.sh: dockerd not installed (apt-get install docker.io)" >&2; exit 1; }
  # setsid: the engine outlives the shell that started it; it is stopped by its pid
  setsid dockerd --data-root "$root/data" --exec-root "$root/exec" --pidfile "$pidfile" \
    -H "unix://$sock" --bridge=none --default-address-pool "base=$pool,size=24" \
    --log-level=warn >>"$root/dockerd.log" 2>&1 </dev/null &
  local end=$((SECONDS + start_timeout))
  until docker info >/dev/null 2>&1; do
    if [ $SECONDS -ge $end ]; then
      echo "dockerd.sh: the engine did not answer within ${start_timeout}s; last log lines:" >&2
      tail -20 "$root/dockerd.log" >&2
      stop || true
      exit 1
    fi
    sleep 0.2
  done
  echo "DOCKER_HOST=$DOCKER_HOST"
}

stop() {
  local pid
  pid=$(running_pid) || { rm -f "$pidfile"; unmount_leftovers; return 0; }
  # containers first (a container left running keeps its shim alive after the engine)
  local ids
  ids=$(timeout 20 docker ps -q 2>/dev/null || true)
  [ -n "$ids" ] && timeout 60 docker stop -t 10 $ids >/dev/null 2>&1 || true
  kill -TERM "$pid" 2>/dev/null || true
  local end=$((SECONDS + stop_timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $end ]; then
      echo "dockerd.sh: dockerd $pid still running after ${stop_timeout}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pidfile" "$sock"
  unmount_leftovers
}

unmount_leftovers() {  # what a stopped engine leaves mounted under its exec root (netns)
  awk -v r="$root/exec/" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "DOCKER_HOST=$DOCKER_HOST" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
