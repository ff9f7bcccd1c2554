#!/usr/bin/env bash
# Anti-entropy benchmark (issue #6): 3 nodes, replicas 3, KEYS keys; one replica misses DIVERGE_PERCENT of
# the keys' latest writes; one CLUSTER REPAIR on it must move at most 3x the bytes of the differing records.
#
# 1. Starts 3 nodes (node 1 alone, nodes 2 and 3 seeded with it; repair-interval-seconds 0, so nothing
#    repairs in the background) and waits until all three see each other with the repair index built.
# 2. Loads KEYS keys (16-byte `key:%012d`, VALUE_BYTES-byte values) into node 1 with redis-cli --pipe; the
#    coordinator writes every key to all 3 replicas. Waits until the 3 nodes' repair digest roots
#    (INFO cluster `repair_digest_root`) agree.
# 3. Stops node 3 (SIGKILL), waits until node 1 marks it down, overwrites KEYS * DIVERGE_PERCENT / 100 keys through node 1 (write consistency
#    QUORUM: 2 of 3 is enough; hinted handoff is off, as for a node down past the hint window), restarts node 3 on its data directory, and waits
#    until it is UP again with its index built. Node 3 now lacks exactly those writes.
# 4. CLUSTER REPAIR on node 3: prints the repair traffic (every repair payload both ways, as counted by the
#    initiator), the bytes of the records it fetched (key + value + version metadata: the differing
#    records), their ratio (target <= 3) and the time; checks the 3 digest roots agree afterwards.
# 5. CLUSTER REPAIR on node 1 against two level replicas: prints the bytes (only the tree roots).
#
# Usage: bench/cluster-repair.sh              (KEYS=100000 bench/cluster-repair.sh for a quick check)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

KEYS=${KEYS:-1000000}
VALUE_BYTES=${VALUE_BYTES:-100}
DIVERGE_PERCENT=${DIVERGE_PERCENT:-1}
MAX_KEYS=${MAX_KEYS:-2000000}
REQUEST_TIMEOUT_MS=${REQUEST_TIMEOUT_MS:-20000}   # forwarded and replicated writes on a loaded machine
PORT_FIRST=${PORT_FIRST:-24100}
STARTUP_TIMEOUT_S=${STARTUP_TIMEOUT_S:-180}
SETTLE_TIMEOUT_S=${SETTLE_TIMEOUT_S:-300}
LOAD_TIMEOUT_S=${LOAD_TIMEOUT_S:-1800}
COTERIE=${COTERIE_CMD:-$ROOT/bin/coterie-server}
KEEP_WORK=${KEEP_WORK:-}

for tool in redis-cli python3 timeout; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/coterie-repair.XXXXXX")
declare -A PIDS=()

# Kill exactly the processes this script started (SIGKILL: SIGTERM would make a node hand its data away).
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "$KEEP_WORK" ]]; then echo "== kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "== $*" >&2; }
fail() { echo "cluster-repair: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
cli() { local port=$1; shift; timeout 600 redis-cli -h 127.0.0.1 -p "$port" "$@" | tr -d '\r'; }
field() { awk -F: -v f="$2" '$1 == f { print $2 }' <<<"$1"; }
root_of() { field "$(cli "$1" INFO cluster)" repair_digest_root; }

# until_true SECONDS WHAT COMMAND...: polls COMMAND every 0.5 s.
until_true() {
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@"; do
    ((SECONDS <= deadline)) || fail "$what: not within the time limit"
    sleep 0.5
  done
}

# start NODE [SEED_PORT]: node N listens on PORT_FIRST + N (bus + 10000), data in $WORK/nodeN.
start() {
  local n=$1 seed=${2:-} port=$((PORT_FIRST + $1))
  mkdir -p "$WORK/node$n"
  local args=(--port "$port" --bind 127.0.0.1 --dir "$WORK/node$n" --max-keys "$MAX_KEYS" --replicas 3
              --repair-interval-seconds 0 --request-timeout-ms "$REQUEST_TIMEOUT_MS" --hinted-handoff no)
  [[ -n "$seed" ]] && args+=(--cluster-seeds "127.0.0.1:$seed")
  "$COTERIE" "${args[@]}" >>"$WORK/node$n.log" 2>&1 &
  PIDS[$n]=$!
  until_true "$STARTUP_TIMEOUT_S" "node $n answering PING" \
    bash -c "[[ \$(redis-cli -p $port PING 2>/dev/null) == PONG ]]"
  log "node $n: pid ${PIDS[$n]}, port $port"
}

ready() {  # ready PORT...: each knows 3 nodes, is UP, and has its repair index built
  local port info
  for port in "$@"; do
    info=$(cli "$port" INFO cluster) || return 1
    [[ $(field "$info" cluster_known_nodes) == 3 && $(field "$info" coterie_node_status) == UP \
       && $(field "$info" repair_index_ready) == 1 ]] || return 1
  done
}

roots_agree() { [[ $(root_of "$P1") == "$(root_of "$P2")" && $(root_of "$P2") == "$(root_of "$P3")" ]]; }

# resp FIRST COUNT TAG: SET commands for keys FIRST.. FIRST+COUNT-1 with TAG-filled values.
resp() {
  python3 - "$1" "$2" "$3" "$VALUE_BYTES" <<'PY'
import sys
first, count, tag, size = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode(), int(sys.argv[4])
value = (tag * size)[:size]
out = sys.stdout.buffer
for i in range(first, first + count):
    k = b"key:%012d" % i
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(value), value))
PY
}

pipe() {  # pipe PORT FILE COUNT
  local out
  out=$(timeout "$LOAD_TIMEOUT_S" redis-cli -h 127.0.0.1 -p "$1" --pipe <"$2" 2>&1) || fail "redis-cli --pipe: $out"
  grep -q "errors: 0, replies: $3\$" <<<"$out" || fail "loading: $(tail -2 <<<"$out")"
}

P1=$((PORT_FIRST + 1)); P2=$((PORT_FIRST + 2)); P3=$((PORT_FIRST + 3))
start 1
start 2 "$P1"
start 3 "$P1"
until_true "$SETTLE_TIMEOUT_S" "3 nodes UP with their repair index" ready "$P1" "$P2" "$P3"

log "loading $KEYS keys through node 1"
resp 0 "$KEYS" v >"$WORK/load.resp"
load_start=$(now_ms)
pipe "$P1" "$WORK/load.resp" "$KEYS"
load_ms=$(( $(now_ms) - load_start ))
rm -f "$WORK/load.resp"
until_true "$SETTLE_TIMEOUT_S" "the 3 replicas' digests agreeing after the load" roots_agree
log "loaded in $load_ms ms; digest root $(root_of "$P1") on all 3"

DIVERGE=$((KEYS * DIVERGE_PERCENT / 100))
log "node 3 down; overwriting $DIVERGE keys (every $((KEYS / DIVERGE))th) through node 1"
kill -9 "${PIDS[3]}"; wait "${PIDS[3]}" 2>/dev/null || true
# Until node 1 judges node 3 down it still routes writes there; then the other two replicas take them.
node3_down() { cli "$P1" CLUSTER NODES | grep " 127.0.0.1:$P3@" | grep -q ',fail[ ,]'; }
until_true "$SETTLE_TIMEOUT_S" "node 1 marking node 3 down" node3_down
python3 - "$KEYS" "$DIVERGE" "$VALUE_BYTES" >"$WORK/diverge.resp" <<'PY'
import sys
keys, n, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
value = b"w" * size
out = sys.stdout.buffer
for j in range(n):
    k = b"key:%012d" % (j * (keys // n))
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(value), value))
PY
pipe "$P1" "$WORK/diverge.resp" "$DIVERGE"
start 3
until_true "$SETTLE_TIMEOUT_S" "node 3 UP again with its index" ready "$P1" "$P2" "$P3"
[[ $(root_of "$P3") != "$(root_of "$P1")" ]] || fail "node 3 did not diverge"

log "CLUSTER REPAIR on node 3"
repair_start=$(now_ms)
report=$(cli "$P3" CLUSTER REPAIR)
repair_ms=$(( $(now_ms) - repair_start ))
grep -q '^peers_failed:0$' <<<"$report" || fail "repair failed: $report"
until_true 30 "the 3 digest roots agreeing after the repair" roots_agree
level=$(cli "$P1" CLUSTER REPAIR)

sent=$(field "$report" bytes_sent); received=$(field "$report" bytes_received)
records=$(( $(field "$report" record_bytes_sent) + $(field "$report" record_bytes_received) ))
moved=$(( $(field "$report" keys_sent) + $(field "$report" keys_received) ))
ratio=$(awk -v a="$((sent + received))" -v b="$records" 'BEGIN { printf "%.2f", b ? a / b : 0 }')

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "coterie commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); $KEYS keys (16-byte keys, $VALUE_BYTES-byte values), 3 nodes, replicas 3"
echo "loaded through node 1 in $load_ms ms; node 3 missed $DIVERGE overwrites ($DIVERGE_PERCENT%)"
printf '%-52s %12s\n' "slots differing (node 3 vs each peer, summed)" "$(field "$report" slots_differing)"
printf '%-52s %12s\n' "records moved (sent + received)" "$moved"
printf '%-52s %12s\n' "bytes of the differing records moved" "$records"
printf '%-52s %12s\n' "repair bytes sent by node 3" "$sent"
printf '%-52s %12s\n' "repair bytes received by node 3" "$received"
printf '%-52s %12s   (target <= 3)\n' "(sent + received) / differing record bytes" "$ratio"
printf '%-52s %12s\n' "CLUSTER REPAIR duration, ms (server)" "$(field "$report" duration_ms)"
printf '%-52s %12s\n' "CLUSTER REPAIR wall clock, ms (client)" "$repair_ms"
printf '%-52s %12s\n' "digest roots after repair (all 3 equal)" "$(root_of "$P1")"
printf '%-52s %12s\n' "level replicas: bytes sent + received (node 1)" \
  "$(( $(field "$level" bytes_sent) + $(field "$level" bytes_received) ))"
printf '%-52s %12s\n' "level replicas: slots differing" "$(field "$level" slots_differing)"
echo "node 3's report:"
sed 's/^/  /' <<<"$report"
[[ $moved == "$DIVERGE" ]] || { echo "MISMATCH: moved $moved records, expected $DIVERGE" >&2; exit 1; }
