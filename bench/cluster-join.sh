#!/usr/bin/env bash
# Cluster join benchmark (issue #4): joins a 4th node to 3 nodes holding KEYS keys, each on its
# REPLICAS (N) replicas, and reports how many replica-keys moved against the ideal (the joiner's fair
# share, KEYS * min(N, 4) / 4; target ratio <= 1.1) and how long the join took.
#
# 1. Starts 3 Coterie nodes on free ports of 127.0.0.1 (the first alone, the other two with
#    --cluster-seeds naming it) and waits until all three are UP and agree on the ring.
# 2. Loads KEYS keys (16-byte `key:%012d`, VALUE_BYTES-byte values) with redis-cli --pipe. LOAD=one
#    (default) pipes everything into the first node, which forwards each command to its owner; LOAD=split
#    reads CLUSTER SLOTS, computes each key's slot (CRC16-XMODEM mod 16384, hash tags) and pipes every
#    node only its own keys. Both load 1 M keys in about 29 s here (docs/benchmarks.md). Checks that the
#    nodes' own key counts (INFO keyspace) sum to KEYS * min(N, 3) (N > 1 needs the quorum coordinator,
#    issue #5, to write every replica).
# 3. Starts a 4th node alone and introduces it with CLUSTER MEET (MEET_VIA=new: sent to the new node
#    naming the first; MEET_VIA=member: sent to the first naming the new node), and waits until it has
#    pulled its slots (log `Cluster: pulled MoveReport[...]`), is UP, and all four nodes agree on the ring.
# 4. Prints keys moved (MoveReport, cross-checked with the 4th node's INFO keyspace), moved / ideal,
#    the join time (MEET -> pulled, wall clock; and the MoveReport's elapsedMs), bytes and throughput.
#
# Usage: bench/cluster-join.sh            (KEYS=20000 bench/cluster-join.sh for a quick check;
#                                           see bench/README.md for the environment variables)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

KEYS=${KEYS:-1000000}
VALUE_BYTES=${VALUE_BYTES:-100}
LOAD=${LOAD:-one}                          # one | split
REPLICAS=${REPLICAS:-3}                    # each node's --replicas (N)
MEET_VIA=${MEET_VIA:-new}                  # new | member: which node is sent CLUSTER MEET
MAX_KEYS=${MAX_KEYS:-2000000}              # each node's --max-keys
PORT_FIRST=${PORT_FIRST:-18700}
PORT_LAST=${PORT_LAST:-18799}
STARTUP_TIMEOUT_S=${STARTUP_TIMEOUT_S:-90}   # one node answering PING
CONVERGE_TIMEOUT_S=${CONVERGE_TIMEOUT_S:-60} # the nodes agreeing on membership and ring
LOAD_TIMEOUT_S=${LOAD_TIMEOUT_S:-1200}       # loading all keys
JOIN_TIMEOUT_S=${JOIN_TIMEOUT_S:-600}        # MEET -> the 4th node has pulled its slots
COTERIE_HOME=${COTERIE_HOME:-$ROOT}
COTERIE=${COTERIE_CMD:-$COTERIE_HOME/bin/coterie-server}
export COTERIE_JAVA_OPTS=${COTERIE_JAVA_OPTS:-}
KEEP_WORK=${KEEP_WORK:-}                     # non-empty: keep the data directories and logs

for tool in redis-cli python3 timeout; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
[[ $LOAD == split || $LOAD == one ]] || { echo "LOAD must be split or one, not $LOAD" >&2; exit 1; }
[[ $MEET_VIA == new || $MEET_VIA == member ]] || { echo "MEET_VIA must be new or member, not $MEET_VIA" >&2; exit 1; }
[[ $REPLICAS =~ ^[1-9][0-9]*$ ]] || { echo "REPLICAS must be a positive integer, not $REPLICAS" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/coterie-join.XXXXXX")
STARTED_PIDS=()

# Kill exactly the processes this script started, also on Ctrl-C and errors.
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      # SIGKILL on purpose: SIGTERM makes a Coterie node with peers stream its data away before exiting.
      kill -9 "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true   # reaps it, and keeps bash from reporting "Killed"
    fi
  done
  if [[ -n "$KEEP_WORK" ]]; then echo "== kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "== $*" >&2; }
fail() { echo "cluster-join: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free port in [PORT_FIRST, PORT_LAST] whose bus port (port + 10000) is free too. Nodes start one
# after another and listen before the next port is picked, so picks never clash.
free_port() {
  local span=$((PORT_LAST - PORT_FIRST + 1)) start=$((RANDOM % (PORT_LAST - PORT_FIRST + 1))) i p
  for ((i = 0; i < span; i++)); do
    p=$((PORT_FIRST + (start + i) % span))
    if ! port_in_use "$p" && ! port_in_use $((p + 10000)); then
      echo "$p"
      return
    fi
  done
  fail "no free port in $PORT_FIRST-$PORT_LAST (with port + 10000 free too)"
}

cli() { local port=$1; shift; timeout 30 redis-cli -h 127.0.0.1 -p "$port" "$@" | tr -d '\r'; }

# start_node NAME [SEED_PORT]: sets PID, PORT, LOG.
start_node() {
  local name=$1 seed=${2:-} port dir
  port=$(free_port)
  dir="$WORK/$name"
  mkdir -p "$dir"
  local args=(--port "$port" --bind 127.0.0.1 --dir "$dir" --max-keys "$MAX_KEYS" --replicas "$REPLICAS")
  [[ -n "$seed" ]] && args+=(--cluster-seeds "127.0.0.1:$seed")
  set -f
  # shellcheck disable=SC2086
  $COTERIE "${args[@]}" >"$dir.log" 2>&1 &
  set +f
  PID=$!
  PORT=$port
  LOG="$dir.log"
  STARTED_PIDS+=("$PID")
  local deadline=$((SECONDS + STARTUP_TIMEOUT_S))
  until [[ "$(redis-cli -p "$port" PING 2>/dev/null)" == PONG ]]; do
    kill -0 "$PID" 2>/dev/null || { tail -20 "$LOG" >&2; fail "$name exited during start-up; log above"; }
    if ((SECONDS > deadline)); then tail -20 "$LOG" >&2; fail "$name did not answer PING within ${STARTUP_TIMEOUT_S}s"; fi
    sleep 0.2
  done
  log "$name: pid $PID, port $port, bus $((port + 10000))"
}

info_field() { cli "$1" CLUSTER INFO | awk -F: -v f="$2" '$1 == f { print $2 }'; }
local_keys() { cli "$1" INFO keyspace | sed -n 's/^db0:keys=\([0-9]*\).*/\1/p' | grep . || echo 0; }

# converged PORT...: every node knows exactly these nodes, all UP, nothing moving, one ring fingerprint.
converged() {
  local n=$# port fps=""
  for port in "$@"; do
    local info
    info=$(cli "$port" CLUSTER INFO) || return 1
    grep -qx "cluster_known_nodes:$n" <<<"$info" || return 1
    grep -qx "coterie_node_status:UP" <<<"$info" || return 1
    grep -qx "coterie_nodes_joining:0" <<<"$info" || return 1
    grep -qx "coterie_slots_moving:0" <<<"$info" || return 1
    fps+="$(awk -F: '$1 == "coterie_ring_fingerprint" { print $2 }' <<<"$info")"$'\n'
  done
  [[ $(sort -u <<<"$fps" | grep -c .) == 1 ]]
}

wait_converged() {
  local deadline=$((SECONDS + CONVERGE_TIMEOUT_S))
  until converged "$@"; do
    ((SECONDS <= deadline)) || fail "nodes on ports $* did not agree on membership and ring within ${CONVERGE_TIMEOUT_S}s"
    sleep 0.2
  done
}

# ---- 1. three nodes ------------------------------------------------------------------------------
start_node node1;         P1=$PORT; LOG1=$LOG
start_node node2 "$P1";   P2=$PORT
start_node node3 "$P1";   P3=$PORT
wait_converged "$P1" "$P2" "$P3"
log "3 nodes UP and agreeing on the ring"

# ---- 2. load ------------------------------------------------------------------------------------
# keys.py MODE PORT KEYS VALUE_BYTES OUTDIR: writes RESP SET commands. MODE one: OUTDIR/all.resp. MODE split:
# asks PORT for CLUSTER SLOTS and writes OUTDIR/<port>.resp per owner, plus OUTDIR/counts (port count).
cat >"$WORK/keys.py" <<'PY'
import binascii, os, socket, sys

mode, port, n, value_bytes, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]

def slot(key: bytes) -> int:
    s = key.find(b"{")
    if s >= 0:
        e = key.find(b"}", s + 1)
        if e > s + 1:
            key = key[s + 1:e]
    return binascii.crc_hqx(key, 0) & 16383   # CRC16-XMODEM (poly 0x1021, init 0), as Redis Cluster

def command(*args: bytes) -> bytes:
    return b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)

def read_reply(f):
    line = f.readline().rstrip(b"\r\n")
    t, rest = line[:1], line[1:]
    if t == b"*":
        return [read_reply(f) for _ in range(int(rest))]
    if t == b"$":
        data = f.read(int(rest) + 2)[:-2]
        return data
    if t == b":":
        return int(rest)
    if t == b"-":
        raise RuntimeError(rest.decode())
    return rest

def ask(*args: bytes):
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(command(*args))
        return read_reply(s.makefile("rb"))

value = b"v" * value_bytes
keys = (b"key:%012d" % i for i in range(n))
if mode == "one":
    with open(os.path.join(out, "all.resp"), "wb", buffering=1 << 20) as f:
        for k in keys:
            f.write(command(b"SET", k, value))
    sys.exit(0)

owner = [None] * 16384
for entry in ask(b"CLUSTER", b"SLOTS"):
    start, end, primary = entry[0], entry[1], entry[2]
    for s in range(start, end + 1):
        owner[s] = int(primary[1])
if None in owner:
    sys.exit("CLUSTER SLOTS does not cover slot %d" % owner.index(None))
for probe in (b"key:000000000000", b"key:000000012345", b"a{key:1}b"):   # our slot function agrees with the server's
    if ask(b"CLUSTER", b"KEYSLOT", probe) != slot(probe):
        sys.exit("slot mismatch for %r" % probe)
files, counts = {}, {}
for p in sorted(set(owner)):
    files[p] = open(os.path.join(out, "%d.resp" % p), "wb", buffering=1 << 20)
    counts[p] = 0
for k in keys:
    p = owner[slot(k)]
    files[p].write(command(b"SET", k, value))
    counts[p] += 1
for f in files.values():
    f.close()
with open(os.path.join(out, "counts"), "w") as f:
    for p in sorted(counts):
        f.write("%d %d\n" % (p, counts[p]))
PY

# pipe PORT FILE COUNT: redis-cli --pipe FILE into PORT and check every reply came back without error.
pipe() {
  local out
  out=$(timeout "$LOAD_TIMEOUT_S" redis-cli -h 127.0.0.1 -p "$1" --pipe <"$2" 2>&1) \
    || fail "redis-cli --pipe into port $1 failed or took over ${LOAD_TIMEOUT_S}s: $(tail -3 <<<"$out")"
  grep -q "errors: 0, replies: $3\$" <<<"$out" || fail "loading port $1: $(tail -2 <<<"$out")"
}

LOADDIR="$WORK/load"
mkdir -p "$LOADDIR"
log "generating $KEYS SET commands (LOAD=$LOAD)"
python3 "$WORK/keys.py" "$LOAD" "$P1" "$KEYS" "$VALUE_BYTES" "$LOADDIR" || fail "generating the load failed"
log "loading $KEYS keys"
load_start=$(now_ms)
if [[ $LOAD == one ]]; then
  pipe "$P1" "$LOADDIR/all.resp" "$KEYS"
else
  load_pids=()
  while read -r port count; do
    pipe "$port" "$LOADDIR/$port.resp" "$count" &
    load_pids+=($!)
  done <"$LOADDIR/counts"
  for pid in "${load_pids[@]}"; do wait "$pid" || fail "loading failed (see above)"; done
fi
load_ms=$(( $(now_ms) - load_start ))
rm -rf "$LOADDIR"

before=()
sum=0
for port in "$P1" "$P2" "$P3"; do
  k=$(local_keys "$port"); before+=("$k"); sum=$((sum + k))
done
copies_before=$((REPLICAS < 3 ? REPLICAS : 3))
((sum == KEYS * copies_before)) || fail "the 3 nodes' INFO keyspace sums to $sum, not $KEYS x $copies_before copies"
log "loaded $KEYS keys in $((load_ms / 1000)).$(printf '%03d' $((load_ms % 1000)))s: ${before[*]} per node"

# ---- 3. the join ------------------------------------------------------------------------------------
start_node node4; P4=$PORT; LOG4=$LOG
# Either way the lone node rejoins as JOINING and pulls before it is UP (docs/cluster-operations.md, "Joining").
meet_ms=$(now_ms)
if [[ $MEET_VIA == new ]]; then meet=$(cli "$P4" CLUSTER MEET 127.0.0.1 "$P1"); else meet=$(cli "$P1" CLUSTER MEET 127.0.0.1 "$P4"); fi
[[ $meet == OK ]] || fail "CLUSTER MEET was refused"
deadline=$((SECONDS + JOIN_TIMEOUT_S))
report=""
until report=$(grep -o 'Cluster: pulled MoveReport\[[^]]*\]' "$LOG4" | tail -1) && [[ -n $report ]]; do
  kill -0 "$PID" 2>/dev/null || { tail -20 "$LOG4" >&2; fail "node4 exited during the join"; }
  ((SECONDS <= deadline)) || { tail -20 "$LOG4" >&2; fail "node4 did not pull its slots within ${JOIN_TIMEOUT_S}s"; }
  sleep 0.1
done
pulled_ms=$(now_ms)
wait_converged "$P1" "$P2" "$P3" "$P4"
agreed_ms=$(now_ms)
log "node4 joined: $report"
grep -E 'Cluster: (this node was alone|joining: pulling|pulling our slots failed)' "$LOG4" | sed 's/^/   node4 log: /' >&2 || true

field() { sed -n "s/.*[[ ]$1=\([0-9]*\).*/\1/p" <<<"$report"; }
moved_slots=$(field slots); moved_keys=$(field keys); moved_bytes=$(field bytes); move_ms=$(field elapsedMs)
node4_keys=$(local_keys "$P4")
after=()
for port in "$P1" "$P2" "$P3"; do after+=("$(local_keys "$port")"); done
node4_id=$(cli "$P4" CLUSTER MYID)
node4_slots=$(cli "$P4" CLUSTER NODES | awk -v id="$node4_id" '$1 == id {
  for (i = 9; i <= NF; i++) { split($i, r, "-"); n += (r[2] == "" ? 1 : r[2] - r[1] + 1) } } END { print n + 0 }')
dbsize=$(cli "$P1" DBSIZE)
join_ms=$((pulled_ms - meet_ms))
agree_ms=$((agreed_ms - meet_ms))

copies_after=$((REPLICAS < 4 ? REPLICAS : 4))
ideal=$((KEYS * copies_after / 4))
f2() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.3f", a / b }'; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }'; }
rate() { awk -v n="$1" -v ms="$2" -v d="$3" 'BEGIN { if (ms + 0 == 0) print "n/a"; else printf "%.1f", n / d / (ms / 1000) }'; }

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "coterie: $COTERIE (commit $(git -C "$COTERIE_HOME" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "$KEYS keys (16-byte keys, $VALUE_BYTES-byte values) on 3 nodes with replicas $REPLICAS, loaded with redis-cli --pipe (LOAD=$LOAD) in $(secs "$load_ms") s"
echo "keys per node before the join (INFO keyspace): ${before[*]}"
echo "4th node: CLUSTER MEET sent to $([[ $MEET_VIA == new ]] && echo "the new node, naming node 1" || echo "node 1, naming the new node")"
printf '%-40s %14s\n' "slots moved (MoveReport)" "$moved_slots"
printf '%-40s %14s   (%s%% of 16384)\n' "slots node 4 is primary for (NODES)" "$node4_slots" "$(awk -v s="$node4_slots" 'BEGIN { printf "%.1f", 100 * s / 16384 }')"
printf '%-40s %14s\n' "keys moved (MoveReport)" "$moved_keys"
printf '%-40s %14s\n' "keys on node 4 (INFO keyspace)" "$node4_keys"
printf '%-40s %14s\n' "ideal (keys x min(N, 4) / 4)" "$ideal"
printf '%-40s %14s   (target <= 1.1)\n' "moved / ideal" "$(f2 "$moved_keys" "$ideal")"
printf '%-40s %14s\n' "bytes moved (MoveReport)" "$moved_bytes"
printf '%-40s %14s\n' "join wall clock s (MEET -> pulled)" "$(secs "$join_ms")"
printf '%-40s %14s\n' "move elapsed s (MoveReport elapsedMs)" "$(secs "$move_ms")"
printf '%-40s %14s\n' "MEET -> all 4 agree on the ring, s" "$(secs "$agree_ms")"
printf '%-40s %14s\n' "throughput keys/s (over elapsedMs)" "$(rate "$moved_keys" "$move_ms" 1)"
printf '%-40s %14s\n' "throughput MB/s (over elapsedMs)" "$(rate "$moved_bytes" "$move_ms" 1048576)"
printf '%-40s %14s\n' "throughput keys/s (over wall clock)" "$(rate "$moved_keys" "$join_ms" 1)"
echo "keys per node after the join (INFO keyspace; a move copies, sources keep theirs): ${after[*]} $node4_keys"
echo "DBSIZE after the join: $dbsize (the sum of the nodes' own counts, so it includes the copies the sources keep)"

status=0
[[ "$moved_keys" == "$node4_keys" ]] || { echo "MISMATCH: MoveReport keys $moved_keys != node 4's INFO keyspace $node4_keys" >&2; status=1; }
exit "$status"
