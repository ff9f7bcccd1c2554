#!/usr/bin/env bash
# Single-node benchmark: redis-server and Coterie side by side on 127.0.0.1, same machine, one run.
#
# 1. Throughput and p99: after a discarded warm-up run against each (JIT), redis-benchmark
#    -t set,get -r 1000000 -c 50 -d 100, without and with -P 16, alternating the servers (redis, coterie, redis, coterie, ...) for ROUNDS rounds so that drift in
#    machine load hits both; each cell of the table is the median over the rounds.
# 2. Memory: MEM_KEYS keys (16-byte `key:%012d`, 100-byte values) loaded with redis-cli --pipe into
#    a fresh instance of each; Coterie's RSS growth (VmRSS after minus before, each after a GC)
#    against Redis's used_memory growth (SPEC section 6 target: ratio <= 1.2).
#
# Usage: bench/single-node.sh          (see bench/README.md for the environment variables)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

REQUESTS=${REQUESTS:-1000000}       # redis-benchmark -n
KEYSPACE=${KEYSPACE:-1000000}       # redis-benchmark -r
CLIENTS=${CLIENTS:-50}              # redis-benchmark -c
VALUE_BYTES=${VALUE_BYTES:-100}     # redis-benchmark -d
PIPELINE=${PIPELINE:-16}            # the pipelined run's -P
ROUNDS=${ROUNDS:-3}
WARMUP_REQUESTS=${WARMUP_REQUESTS:-200000}  # per server before measuring, discarded: lets the JIT compile
MEM_KEYS=${MEM_KEYS:-1000000}
PORT_FIRST=${PORT_FIRST:-18000}
PORT_LAST=${PORT_LAST:-18999}
STARTUP_TIMEOUT_S=${STARTUP_TIMEOUT_S:-60}
REDIS_SERVER=${REDIS_SERVER:-redis-server}
# Redis's persistence: none (the usual cache setup, what redis-benchmark figures are normally quoted with), or
# aof-everysec, the durability Coterie gives by default (every write reaches the OS before its reply, fsync once a
# second), so the ratio compares equal promises.
REDIS_PERSISTENCE=${REDIS_PERSISTENCE:-none}
case "$REDIS_PERSISTENCE" in
  none) REDIS_PERSISTENCE_ARGS=(--appendonly no) ;;
  aof-everysec) REDIS_PERSISTENCE_ARGS=(--appendonly yes --appendfsync everysec) ;;
  *) echo "REDIS_PERSISTENCE must be none or aof-everysec, not '$REDIS_PERSISTENCE'" >&2; exit 2 ;;
esac
# Coterie's command without --port/--bind/--dir (appended here). Default: the built server run
# directly with the JVM flags from the root pom, so the PID we measure and kill is the JVM itself.
COTERIE_CMD=${COTERIE_CMD:-}
export COTERIE_JAVA_OPTS=${COTERIE_JAVA_OPTS:-}
# The repository root whose server/target the default command runs (another checkout's build works too).
COTERIE_HOME=${COTERIE_HOME:-$ROOT}

for tool in redis-benchmark redis-cli "$REDIS_SERVER"; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install redis-server redis-tools)" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/coterie-bench.XXXXXX")
STARTED_PIDS=()

# Kill exactly the processes this script started, also on Ctrl-C and errors.
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "== $*" >&2; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free port in [PORT_FIRST, PORT_LAST] whose port+10000 (Coterie's default bus port) is free too.
# Servers start one after another and listen before the next port is picked, so picks never clash.
free_port() {
  local span=$((PORT_LAST - PORT_FIRST + 1)) start=$((RANDOM % (PORT_LAST - PORT_FIRST + 1))) i p
  for ((i = 0; i < span; i++)); do
    p=$((PORT_FIRST + (start + i) % span))
    if ! port_in_use "$p" && ! port_in_use $((p + 10000)); then
      echo "$p"
      return
    fi
  done
  echo "no free port in $PORT_FIRST-$PORT_LAST" >&2
  exit 1
}

coterie_command() {
  if [[ -n "$COTERIE_CMD" ]]; then
    echo "$COTERIE_CMD"
    return
  fi
  # Exactly what a user runs: bin/coterie-server builds if needed and execs java with the server's JVM
  # settings (heap, GC, Chronicle flags, Netty's leak detector off), so the PID is the server's own.
  echo "$COTERIE_HOME/bin/coterie-server"
}

# start NAME COMMAND... : runs the server in the foreground in the background; sets PID and PORT.
start_server() {
  local name=$1 kind=$2 port dir
  port=$(free_port)
  dir="$WORK/$name"
  mkdir -p "$dir"
  if [[ "$kind" == redis ]]; then
    "$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' "${REDIS_PERSISTENCE_ARGS[@]}" \
      --daemonize no --logfile "" >"$dir.log" 2>&1 &
  else
    # The command is a word list on purpose; no globbing, so the classpath's lib/* reaches java intact.
    set -f
    # shellcheck disable=SC2086
    $COTERIE --port "$port" --bind 127.0.0.1 --dir "$dir" >"$dir.log" 2>&1 &
    set +f
  fi
  PID=$!
  PORT=$port
  STARTED_PIDS+=("$PID")
  local deadline=$((SECONDS + STARTUP_TIMEOUT_S))
  until [[ "$(redis-cli -p "$port" PING 2>/dev/null)" == PONG ]]; do
    if ! kill -0 "$PID" 2>/dev/null || ((SECONDS > deadline)); then
      echo "$name did not start; log $dir.log:" >&2
      tail -20 "$dir.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  log "$name: pid $PID port $port"
}

stop_server() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# bench PORT PIPELINE -> CSV lines "TEST,rps,p99_ms,p50_ms" for SET and GET
# (redis-benchmark --csv: test, rps, avg, min, p50, p95, p99, max)
bench() {
  redis-benchmark -h 127.0.0.1 -p "$1" -t set,get -n "$REQUESTS" -r "$KEYSPACE" -c "$CLIENTS" -d "$VALUE_BYTES" \
    -P "$2" --csv | tr -d '"' | awk -F, '$1 == "SET" || $1 == "GET" { print $1 "," $2 "," $7 "," $5 }'
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# A full GC before reading a JVM's RSS, so garbage does not count; a no-op for non-JVM servers.
settle() {
  if command -v jcmd >/dev/null && jcmd "$1" GC.run >/dev/null 2>&1; then
    sleep 2
  fi
}

redis_used_memory() {
  redis-cli -p "$1" INFO memory | tr -d '\r' | awk -F: '$1 == "used_memory" { print $2 }'
}

# Lower median for an even count of rounds.
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# cell SERVER PIPELINE TEST COLUMN -> the median over rounds of one results.csv column (4 rps, 5 p99, 6 p50)
cell() { awk -F, -v s="$1" -v p="$2" -v t="$3" -v c="$4" '$1 == s && $2 == p && $3 == t { print $c }' "$RESULTS" | median; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }

COTERIE=$(coterie_command)

# ---- 1. throughput and p99 -------------------------------------------------------------------
start_server redis redis;     REDIS_PID=$PID;   REDIS_PORT=$PORT
start_server coterie coterie; COTERIE_PID=$PID; COTERIE_PORT=$PORT

for server_port in "redis:$REDIS_PORT" "coterie:$COTERIE_PORT"; do
  log "warm-up: ${server_port%%:*}, $WARMUP_REQUESTS requests (discarded)"
  redis-benchmark -h 127.0.0.1 -p "${server_port#*:}" -t set,get -n "$WARMUP_REQUESTS" -r "$KEYSPACE" \
    -c "$CLIENTS" -d "$VALUE_BYTES" -q >/dev/null
done

RESULTS="$WORK/results.csv"   # server,pipeline,test,rps,p99,p50
: >"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  for p in 1 "$PIPELINE"; do
    for server in redis coterie; do
      port=$REDIS_PORT
      [[ $server == coterie ]] && port=$COTERIE_PORT
      log "round $round/$ROUNDS: $server -P $p"
      bench "$port" "$p" | sed "s/^/$server,$p,/" >>"$RESULTS"
    done
  done
done
stop_server "$REDIS_PID"
stop_server "$COTERIE_PID"

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $("$REDIS_SERVER" --version | awk '{ print $1, $3 }'), redis persistence: $REDIS_PERSISTENCE"
echo "coterie: $COTERIE"
echo "redis-benchmark -t set,get -n $REQUESTS -r $KEYSPACE -c $CLIENTS -d $VALUE_BYTES; median of $ROUNDS alternating rounds"
printf '%-10s %11s %11s %6s %9s %9s %9s %9s %9s\n' test "redis rps" "coterie rps" ratio "redis p50" "cot. p50" \
  "redis p99" "cot. p99" "p99 ratio"
for p in 1 "$PIPELINE"; do
  for test in SET GET; do
    r_rps=$(cell redis "$p" "$test" 4); c_rps=$(cell coterie "$p" "$test" 4)
    r_p99=$(cell redis "$p" "$test" 5); c_p99=$(cell coterie "$p" "$test" 5)
    r_p50=$(cell redis "$p" "$test" 6); c_p50=$(cell coterie "$p" "$test" 6)
    label=$test
    [[ $p != 1 ]] && label="$test -P $p"
    printf '%-10s %11.0f %11.0f %6s %9.3f %9.3f %9.3f %9.3f %9s\n' "$label" "$r_rps" "$c_rps" "$(ratio "$c_rps" "$r_rps")" \
      "$r_p50" "$c_p50" "$r_p99" "$c_p99" "$(ratio "$c_p99" "$r_p99")"
  done
done
echo "(latencies in ms; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"

# ---- 2. memory for MEM_KEYS keys --------------------------------------------------------------
LOAD="$WORK/load.resp"
log "generating $MEM_KEYS SET commands"
awk -v n="$MEM_KEYS" 'BEGIN {
  value = sprintf("%0100d", 0); gsub(/0/, "v", value)
  for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$100\r\n%s\r\n", i, value
}' >"$LOAD"

load() {
  local out
  out=$(redis-cli -p "$1" --pipe <"$LOAD")
  grep -q "errors: 0, replies: $MEM_KEYS" <<<"$out" || { echo "load into port $1 failed: $out" >&2; exit 1; }
  local size
  size=$(redis-cli -p "$1" DBSIZE)
  [[ "$size" == "$MEM_KEYS" ]] || { echo "DBSIZE $size after loading $MEM_KEYS keys" >&2; exit 1; }
}

start_server redis-mem redis; REDIS_PID=$PID; REDIS_PORT=$PORT
r_used_before=$(redis_used_memory "$REDIS_PORT")
load "$REDIS_PORT"
r_used_after=$(redis_used_memory "$REDIS_PORT")
r_rss=$(rss_kb "$REDIS_PID")
stop_server "$REDIS_PID"

start_server coterie-mem coterie; COTERIE_PID=$PID; COTERIE_PORT=$PORT
settle "$COTERIE_PID"
c_rss_before=$(rss_kb "$COTERIE_PID")
load "$COTERIE_PORT"
settle "$COTERIE_PID"
c_rss_after=$(rss_kb "$COTERIE_PID")
# What the map file occupies on disk (it is sparse): the index sized for max-keys plus the records. The RSS growth
# above leaves out the index pages that are already resident before any key arrives (about 200 MB at 10 M keys).
c_map_mb=$(du -k "$WORK/coterie-mem/records.cmap" | awk '{ printf "%.1f", $1 / 1024 }')
stop_server "$COTERIE_PID"

r_growth_mb=$(awk -v a="$r_used_after" -v b="$r_used_before" 'BEGIN { printf "%.1f", (a - b) / 1048576 }')
c_growth_mb=$(awk -v a="$c_rss_after" -v b="$c_rss_before" 'BEGIN { printf "%.1f", (a - b) / 1024 }')
echo
echo "memory for $MEM_KEYS keys (16-byte keys, 100-byte values), loaded with redis-cli --pipe"
printf '%-34s %10s\n' "redis used_memory growth MB" "$r_growth_mb"
printf '%-34s %10s\n' "coterie RSS growth MB (after GC)" "$c_growth_mb"
printf '%-34s %10s   (target <= 1.2)\n' "ratio coterie/redis" "$(ratio "$c_growth_mb" "$r_growth_mb")"
printf '%-34s %10.1f\n' "redis total RSS MB" "$(awk -v k="$r_rss" 'BEGIN { print k / 1024 }')"
printf '%-34s %10.1f\n' "coterie total RSS MB" "$(awk -v k="$c_rss_after" 'BEGIN { print k / 1024 }')"
printf '%-34s %10s\n' "coterie map file on disk MB" "$c_map_mb"
