#!/usr/bin/env bash
# Three-node benchmark (issue #5): a 3-node Coterie cluster with N=3 and R=W=QUORUM (2) next to a
# 3-master Redis Cluster on the same machine, in the same run, driven by `redis-benchmark --cluster`
# (-t set,get), alternating the two for ROUNDS rounds; prints requests/s, p50 and p99 for both and the
# ratios (target: Coterie >= 0.5x Redis Cluster). Redis Cluster keeps one copy per key and answers
# from memory; Coterie writes every key to 3 nodes and waits for 2 — the ratio is the price of that.
#
# Usage: bench/cluster-quorum.sh   (env: REQUESTS, KEYSPACE, CLIENTS, VALUE_BYTES, ROUNDS, PORT_FIRST, PORT_LAST,
#        COTERIE_ARGS: extra directives for every Coterie node, e.g. "--appendfsync always")
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REQUESTS=${REQUESTS:-200000}
KEYSPACE=${KEYSPACE:-100000}
CLIENTS=${CLIENTS:-50}
VALUE_BYTES=${VALUE_BYTES:-100}
ROUNDS=${ROUNDS:-2}
# Three JVMs share two cores with the client: after 100 000 warm-up requests C2 was still compiling at ~5-8 us of CPU
# per measured SET (per-thread CPU from /proc); after 600 000, ~1.4 us.
WARMUP_REQUESTS=${WARMUP_REQUESTS:-500000}
PORT_FIRST=${PORT_FIRST:-18000}
PORT_LAST=${PORT_LAST:-18999}
STARTUP_TIMEOUT_S=${STARTUP_TIMEOUT_S:-120}
REDIS_SERVER=${REDIS_SERVER:-redis-server}

for tool in redis-benchmark redis-cli "$REDIS_SERVER"; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install redis-server redis-tools)" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/coterie-cluster-bench.XXXXXX")
STARTED_PIDS=()
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
log() { echo "== $*" >&2; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local span=$((PORT_LAST - PORT_FIRST + 1)) start=$((RANDOM % (PORT_LAST - PORT_FIRST + 1))) i p
  for ((i = 0; i < span; i++)); do
    p=$((PORT_FIRST + (start + i) % span))
    if ! port_in_use "$p" && ! port_in_use $((p + 10000)); then echo "$p"; return; fi
  done
  echo "no free port in $PORT_FIRST-$PORT_LAST" >&2; exit 1
}
await_ping() { # port pid log
  local deadline=$((SECONDS + STARTUP_TIMEOUT_S))
  until [[ "$(redis-cli -p "$1" PING 2>/dev/null)" == PONG ]]; do
    if ! kill -0 "$2" 2>/dev/null || ((SECONDS > deadline)); then echo "server on $1 did not start:" >&2; tail -20 "$3" >&2; exit 1; fi
    sleep 0.2
  done
}

# ---- Redis Cluster: 3 masters, no replicas --------------------------------------------------------
REDIS_PORTS=()
for i in 1 2 3; do
  p=$(free_port); d="$WORK/redis-$i"; mkdir -p "$d"
  "$REDIS_SERVER" --port "$p" --bind 127.0.0.1 --dir "$d" --save '' --appendonly no --cluster-enabled yes \
    --cluster-config-file "$d/nodes.conf" --daemonize no --logfile "" >"$d.log" 2>&1 &
  STARTED_PIDS+=($!); await_ping "$p" $! "$d.log"; REDIS_PORTS+=("$p")
done
redis-cli --cluster create "${REDIS_PORTS[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >"$WORK/create.log" 2>&1
until redis-cli -p "${REDIS_PORTS[0]}" cluster info | grep -q 'cluster_state:ok'; do sleep 0.2; done
log "redis cluster on ${REDIS_PORTS[*]}"

# ---- Coterie: 3 nodes, N=3, QUORUM reads and writes -----------------------------------------------
COTERIE_PORTS=()
for i in 1 2 3; do
  p=$(free_port); d="$WORK/coterie-$i"; mkdir -p "$d"
  seeds=()
  ((i > 1)) && seeds=(--cluster-seeds "127.0.0.1:${COTERIE_PORTS[0]}")
  # shellcheck disable=SC2086 # COTERIE_ARGS is a list of directives
  "$ROOT/bin/coterie-server" --port "$p" --bind 127.0.0.1 --dir "$d" --replicas 3 --max-keys 2000000 \
    "${seeds[@]}" ${COTERIE_ARGS:-} >"$d.log" 2>&1 &
  STARTED_PIDS+=($!); await_ping "$p" $! "$d.log"; COTERIE_PORTS+=("$p")
done
deadline=$((SECONDS + 120))
until [[ "$(redis-cli -p "${COTERIE_PORTS[0]}" cluster info | tr -d '\r' | awk -F: '$1 == "cluster_size" { print $2 }')" == 3 ]]; do
  ((SECONDS < deadline)) || { echo "coterie cluster did not form" >&2; exit 1; }
  sleep 0.5
done
# Each node runs a catch-up anti-entropy repair 30 s after it starts (then every repair-interval-seconds,
# 3600 by default). Measured under write load it is a repair of churning keys, not steady state, so the
# rounds start once every node has finished that first one (INFO cluster repairs_run).
for port in "${COTERIE_PORTS[@]}"; do
  deadline=$((SECONDS + 180))
  until [[ "$(redis-cli -p "$port" info cluster | tr -d '\r' | awk -F: '$1 == "repairs_run" { print $2 }')" -ge 1 ]]; do
    ((SECONDS < deadline)) || { echo "node $port ran no background repair within 180 s" >&2; exit 1; }
    sleep 1
  done
done
log "coterie cluster on ${COTERIE_PORTS[*]} (replicas 3, QUORUM); first background repair done on every node"

# bench PORT -> CSV lines "TEST,rps,p50_ms,p99_ms"
bench() {
  redis-benchmark --cluster -h 127.0.0.1 -p "$1" -t set,get -n "$REQUESTS" -r "$KEYSPACE" -c "$CLIENTS" \
    -d "$VALUE_BYTES" --csv | tr -d '"' | awk -F, '$1 == "SET" || $1 == "GET" { print $1 "," $2 "," $5 "," $7 }'
}
for port in "${REDIS_PORTS[0]}" "${COTERIE_PORTS[0]}"; do
  redis-benchmark --cluster -h 127.0.0.1 -p "$port" -t set,get -n "$WARMUP_REQUESTS" -r "$KEYSPACE" -c "$CLIENTS" \
    -d "$VALUE_BYTES" -q >/dev/null
done
RESULTS="$WORK/results.csv"; : >"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  for server in redis coterie; do
    port=${REDIS_PORTS[0]}; [[ $server == coterie ]] && port=${COTERIE_PORTS[0]}
    log "round $round/$ROUNDS: $server"
    bench "$port" | sed "s/^/$server,/" >>"$RESULTS"
  done
done

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
cell() { awk -F, -v s="$1" -v t="$2" -v c="$3" '$1 == s && $2 == t { print $c }' "$RESULTS" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores; redis-benchmark --cluster -t set,get -n $REQUESTS -r $KEYSPACE -c $CLIENTS -d $VALUE_BYTES; median of $ROUNDS alternating rounds"
echo "redis: 3-master Redis Cluster ($("$REDIS_SERVER" --version | awk '{ print $3 }'), no replicas); coterie: 3 nodes, N=3, R=W=QUORUM ${COTERIE_ARGS:-}"
printf '%-5s %12s %12s %6s %9s %9s %9s %9s %9s\n' test "redis rps" "coterie rps" ratio "r p50" "c p50" "r p99" "c p99" "p99 x"
for test in SET GET; do
  r=$(cell redis "$test" 3); c=$(cell coterie "$test" 3)
  r50=$(cell redis "$test" 4); c50=$(cell coterie "$test" 4)
  r99=$(cell redis "$test" 5); c99=$(cell coterie "$test" 5)
  printf '%-5s %12.0f %12.0f %6s %9.3f %9.3f %9.3f %9.3f %9s\n' "$test" "$r" "$c" "$(ratio "$c" "$r")" "$r50" "$c50" "$r99" "$c99" "$(ratio "$c99" "$r99")"
done
