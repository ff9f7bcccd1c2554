package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.SiblingSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The decision core of one read at the node that received it (SPEC section 2): events in
 * ({@link ReadEvent}), effects out ({@link ReadEffect}), no I/O, no clock. Mutable; owned by the
 * thread that owns the request.
 *
 * <p>Rules:
 * <ul>
 *   <li>All N home replicas are asked at once; a home replica that is down, or fails before the
 *       answer is settled, is stood in for by the next live fallback in ring order, which may hold the key as a hint. A
 *       fallback's reply is always merged, but counts toward R only with sloppy quorum — with it
 *       off, R must come from home replicas, which is what makes R + W &gt; N intersect.</li>
 *   <li>At R counted replies the replies so far are merged ({@link SiblingSet#merge}: siblings
 *       kept) and every home replica among them whose state differs from the merge gets a read
 *       repair. With {@code blockingRepair} the client's reply waits for those repairs to be acked
 *       or to fail ("synchronously for the R replies the client waits on", issue #5; Cassandra's
 *       blocking read repair), so a later quorum read cannot see older data than this one did.
 *       Fallbacks are never repaired: they are not replicas of the key.</li>
 *   <li>Replies after that point are merged in the background: any home replica whose last known
 *       state is behind the new merge is repaired, non-blocking.</li>
 *   <li>Exactly one reply to the client. A level above N or fewer reachable counted replicas than
 *       R fail at once; at the deadline, a read still short of R fails, and a read waiting only on
 *       blocking repairs answers with what it read (R was reached; the repair stragglers are left to
 *       hints and anti-entropy).</li>
 * </ul>
 */
public final class ReadCoordination {

    private enum Phase { READING, REPAIRING, REPLIED }

    private final Placement placement;
    private final ConsistencyLevel level;
    private final boolean sloppy;
    private final boolean blockingRepair;
    private final int required;
    private final FallbackCursor fallbacks;
    /** Nodes asked and not yet answered or failed. */
    private final Set<NodeId> outstanding = new LinkedHashSet<>();
    /** Every reply, in arrival order. */
    private final Map<NodeId, SiblingSet> replies = new LinkedHashMap<>();
    /** Per home replica that replied, the state it is known to have or is being repaired to. */
    private final Map<NodeId, SiblingSet> known = new HashMap<>();
    private final Set<NodeId> counted = new LinkedHashSet<>();
    private final Set<NodeId> blockingRepairs = new LinkedHashSet<>();
    private final Set<NodeId> repairsSent = new LinkedHashSet<>();
    /** Repairs sent and not yet acked or failed, per node (a node can be repaired again by a later reply). */
    private final Map<NodeId, Integer> repairsInFlight = new HashMap<>();
    private SiblingSet merged = SiblingSet.empty();
    /** The client's answer and who it came from, fixed when R is reached. */
    private SiblingSet answer;
    private Set<NodeId> answeredBy = Set.of();
    private Phase phase = Phase.READING;
    private int failures;
    private int repairsAcked;
    private int repairsFailed;
    private boolean started;
    private boolean timedOut;

    /** @throws IllegalArgumentException for ANY, which only writes accept */
    public ReadCoordination(Placement placement, ConsistencyLevel level, boolean sloppyQuorum, boolean blockingRepair) {
        this.placement = Objects.requireNonNull(placement, "placement");
        this.level = Objects.requireNonNull(level, "level");
        if (level.isAny()) {
            throw new IllegalArgumentException("ANY is only valid for writes");
        }
        this.sloppy = sloppyQuorum;
        this.blockingRepair = blockingRepair;
        this.required = level.required(placement.n());
        this.fallbacks = new FallbackCursor(placement);
    }

    public List<ReadEffect> start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        List<ReadEffect> out = new ArrayList<>();
        int n = placement.n();
        if (required > n) {
            return fail(out, NoQuorum.levelExceedsN(NoQuorum.Op.READ, level, required, n));
        }
        long liveHomes = placement.liveHomes();
        long standIns = Math.min(n - liveHomes, placement.liveFallbacks());
        int reachable = (int) (liveHomes + (sloppy ? standIns : 0));
        if (reachable < required) {
            return fail(out, NoQuorum.unavailable(NoQuorum.Op.READ, required, reachable, n));
        }
        for (NodeId home : placement.home()) {
            if (placement.isLive(home)) {
                ask(home, out);
            } else {
                fallbacks.next().ifPresent(f -> ask(f, out));
            }
        }
        return out;
    }

    public List<ReadEffect> handle(ReadEvent event) {
        if (!started) {
            throw new IllegalStateException("start() first");
        }
        List<ReadEffect> out = new ArrayList<>();
        if (event instanceof ReadEvent.Replied r) {
            onReply(r.from(), r.orEmpty(), out);
        } else if (event instanceof ReadEvent.Failed f) {
            onFailure(f.from(), out);
        } else if (event instanceof ReadEvent.RepairAcked a) {
            onRepairDone(a.from(), true, out);
        } else if (event instanceof ReadEvent.RepairFailed f) {
            onRepairDone(f.from(), false, out);
        } else if (event instanceof ReadEvent.TimedOut) {
            onTimeout(out);
        } else {
            throw new AssertionError("unhandled event " + event);
        }
        return out;
    }

    private void ask(NodeId node, List<ReadEffect> out) {
        outstanding.add(node);
        out.add(new ReadEffect.SendRead(node));
    }

    private void onReply(NodeId from, SiblingSet versions, List<ReadEffect> out) {
        if (!outstanding.remove(from)) {
            return; // never asked, already answered, or already given up on
        }
        replies.put(from, versions);
        if (placement.isHome(from)) {
            known.put(from, versions);
        }
        if (placement.isHome(from) || sloppy) {
            counted.add(from);
        }
        merged = merged.merge(versions);
        if (timedOut) {
            return;
        }
        if (phase == Phase.READING) {
            if (counted.size() >= required) {
                reachQuorum(out);
            }
        } else {
            repairStale(false, out); // a late reply: background read repair
        }
    }

    private void reachQuorum(List<ReadEffect> out) {
        answer = merged;
        answeredBy = Set.copyOf(counted);
        repairStale(blockingRepair, out);
        if (blockingRepairs.isEmpty()) {
            succeed(out);
        } else {
            phase = Phase.REPAIRING;
        }
    }

    /** Repair every home replica that replied and is known to differ from the current merge. */
    private void repairStale(boolean blocking, List<ReadEffect> out) {
        for (Map.Entry<NodeId, SiblingSet> e : known.entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            if (!e.getValue().equals(merged)) {
                known.put(e.getKey(), merged);
                repairsSent.add(e.getKey());
                repairsInFlight.merge(e.getKey(), 1, Integer::sum);
                if (blocking) {
                    blockingRepairs.add(e.getKey());
                }
                out.add(new ReadEffect.SendRepair(e.getKey(), merged, blocking));
            }
        }
    }

    private void onFailure(NodeId from, List<ReadEffect> out) {
        if (!outstanding.remove(from)) {
            return;
        }
        failures++;
        if (timedOut) {
            return;
        }
        if (phase != Phase.READING) {
            return; // the answer is settled: a stand-in could only feed background repair
        }
        fallbacks.next().ifPresent(f -> ask(f, out));
        if (counted.size() + stillPossible() < required) {
            fail(out, NoQuorum.failed(NoQuorum.Op.READ, required, counted.size(), failures));
        }
    }

    private int stillPossible() {
        int possible = 0;
        for (NodeId node : outstanding) {
            possible += placement.isHome(node) || sloppy ? 1 : 0;
        }
        return possible;
    }

    private void onRepairDone(NodeId from, boolean acked, List<ReadEffect> out) {
        if (repairsInFlight.getOrDefault(from, 0) == 0) {
            return; // no repair of ours is outstanding there
        }
        repairsInFlight.merge(from, -1, Integer::sum);
        if (acked) {
            repairsAcked++;
        } else {
            repairsFailed++;
        }
        if (blockingRepairs.remove(from) && phase == Phase.REPAIRING && blockingRepairs.isEmpty() && !timedOut) {
            succeed(out);
        }
    }

    private void onTimeout(List<ReadEffect> out) {
        if (timedOut) {
            return;
        }
        timedOut = true;
        if (phase == Phase.READING) {
            fail(out, NoQuorum.timedOut(NoQuorum.Op.READ, required, counted.size()));
        } else if (phase == Phase.REPAIRING) {
            succeed(out);
        }
    }

    private void succeed(List<ReadEffect> out) {
        phase = Phase.REPLIED;
        out.add(new ReadEffect.Succeed(answer, answeredBy));
    }

    private List<ReadEffect> fail(List<ReadEffect> out, NoQuorum failure) {
        phase = Phase.REPLIED;
        out.add(new ReadEffect.Fail(failure));
        return out;
    }

    public int required() {
        return required;
    }

    public boolean replied() {
        return phase == Phase.REPLIED;
    }

    /** Nothing more will come of this read: the deadline passed, or every node asked has answered and every repair finished. */
    public boolean isDone() {
        return timedOut || (phase == Phase.REPLIED && outstanding.isEmpty()
                && repairsInFlight.values().stream().allMatch(count -> count == 0));
    }

    /** The merge of every reply so far, including those after the client's answer. */
    public SiblingSet merged() {
        return merged;
    }

    /** Every reply so far, absent ones as the empty set, in arrival order. */
    public Map<NodeId, SiblingSet> replies() {
        return Map.copyOf(replies);
    }

    /** Home replicas sent at least one read repair (the INFO read-repair counter adds these up). */
    public Set<NodeId> repaired() {
        return Set.copyOf(repairsSent);
    }

    public int repairsAcked() {
        return repairsAcked;
    }

    public int repairsFailed() {
        return repairsFailed;
    }
}
