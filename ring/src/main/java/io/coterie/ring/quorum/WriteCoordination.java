package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The decision core of one write at its coordinator (the first healthy home replica, SPEC section
 * 2): events in ({@link WriteEvent}), effects out ({@link WriteEffect}), no I/O, no clock. The Netty
 * server and the simulated cluster drive the same code. Mutable; owned by the thread that owns the
 * request (the coordinator's per-key executor in the server, the simulator's single thread).
 *
 * <p>Rules:
 * <ul>
 *   <li>Every home replica is tried first; a live one gets {@link WriteEffect.SendWrite}.</li>
 *   <li>A home replica that is down at the start, or fails during the request, is covered:
 *       with sloppy quorum by the next live fallback in ring order carrying a hint that names it
 *       (Dynamo §4.6); otherwise, with hinted handoff, by a hint stored at the coordinator
 *       (Cassandra's coordinator hints); otherwise not at all.</li>
 *   <li>Counted toward W: acks from home replicas; acks from fallbacks only with sloppy quorum;
 *       with ANY every ack and every hint the coordinator stored. Each node counts once.</li>
 *   <li>Sloppy quorum needs hinted handoff: a fallback holds a write only as a hint, so with
 *       {@code hinted-handoff no} a fallback would keep data nobody hands back. The effective
 *       flag is {@code sloppyQuorum && hintedHandoff}.</li>
 *   <li>The client gets exactly one reply: {@link WriteEffect.Succeed} the moment W acks are
 *       counted, or {@link WriteEffect.Fail} when W can no longer be reached, or at the deadline.
 *       A level above N, or fewer reachable replicas than W, fails at once without sending
 *       (Cassandra's UnavailableException), so such a write lands nowhere.</li>
 *   <li>After the reply, outstanding writes carry on: their acks are recorded, a failure is still
 *       covered by a fallback or hint, and at the deadline every home replica that has neither
 *       acked nor been covered gets a coordinator hint (with hinted handoff) — Cassandra writes
 *       hints for replicas that time out, even after the client's answer.</li>
 * </ul>
 */
public final class WriteCoordination {

    /** Where one home replica's copy stands. */
    private enum State { HOME_PENDING, HOME_ACKED, FALLBACK_PENDING, FALLBACK_ACKED, HINT_PENDING, HINT_STORED, ABANDONED }

    /** One home replica's slot: which node currently holds its copy and how far it got. */
    private static final class Slot {
        final NodeId home;
        NodeId holder;
        State state;

        Slot(NodeId home) {
            this.home = home;
        }

        boolean pending() {
            return state == State.HOME_PENDING || state == State.FALLBACK_PENDING || state == State.HINT_PENDING;
        }
    }

    private final Placement placement;
    private final ConsistencyLevel level;
    private final boolean sloppy;
    private final boolean hintedHandoff;
    private final int required;
    private final Map<NodeId, Slot> slotsByHome = new LinkedHashMap<>();
    /** Every node ever sent the write, so a late ack from a replaced node still maps to its slot. */
    private final Map<NodeId, Slot> slotsByTarget = new HashMap<>();
    private final FallbackCursor fallbacks;
    private final Set<NodeId> homeAcks = new LinkedHashSet<>();
    private final Set<NodeId> fallbackAcks = new LinkedHashSet<>();
    private final Set<NodeId> hintsStored = new LinkedHashSet<>();
    private int failures;
    private boolean started;
    private boolean replied;
    private boolean timedOut;

    public WriteCoordination(Placement placement, ConsistencyLevel level, boolean sloppyQuorum, boolean hintedHandoff) {
        this.placement = Objects.requireNonNull(placement, "placement");
        this.level = Objects.requireNonNull(level, "level");
        this.hintedHandoff = hintedHandoff;
        this.sloppy = sloppyQuorum && hintedHandoff;
        this.required = level.required(placement.n());
        this.fallbacks = new FallbackCursor(placement);
        placement.home().forEach(h -> slotsByHome.put(h, new Slot(h)));
    }

    /** The first effects: the sends, or an immediate failure. Call once. */
    public List<WriteEffect> start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        List<WriteEffect> out = new ArrayList<>();
        int n = placement.n();
        if (required > n) {
            return reply(out, new WriteEffect.Fail(NoQuorum.levelExceedsN(NoQuorum.Op.WRITE, level, required, n)));
        }
        int reachable = reachable();
        if (reachable < required) {
            return reply(out, new WriteEffect.Fail(NoQuorum.unavailable(NoQuorum.Op.WRITE, required, reachable, n)));
        }
        for (Slot slot : slotsByHome.values()) {
            if (placement.isLive(slot.home)) {
                target(slot, slot.home, State.HOME_PENDING);
                out.add(new WriteEffect.SendWrite(slot.home));
            } else {
                cover(slot, out);
            }
        }
        decide(out);
        return out;
    }

    /** The effects of one event, in order. Events after {@link #isDone()} are recorded and change nothing. */
    public List<WriteEffect> handle(WriteEvent event) {
        if (!started) {
            throw new IllegalStateException("start() first");
        }
        List<WriteEffect> out = new ArrayList<>();
        if (event instanceof WriteEvent.Acked a) {
            onAck(a.from());
        } else if (event instanceof WriteEvent.Failed f) {
            onFailure(f.from(), out);
        } else if (event instanceof WriteEvent.HintStored h) {
            onHintStored(h.home());
        } else if (event instanceof WriteEvent.TimedOut) {
            onTimeout(out);
            return out;
        } else {
            throw new AssertionError("unhandled event " + event);
        }
        decide(out);
        return out;
    }

    private void onAck(NodeId from) {
        Slot slot = slotsByTarget.get(from);
        if (slot == null) {
            return; // never sent to this node: a stray or duplicated message
        }
        if (placement.isHome(from)) {
            homeAcks.add(from);
        } else {
            fallbackAcks.add(from);
        }
        // A late ack from a replaced node still counts (the copy exists) but does not move the slot.
        if (from.equals(slot.holder) && (slot.state == State.HOME_PENDING || slot.state == State.FALLBACK_PENDING)) {
            slot.state = slot.state == State.HOME_PENDING ? State.HOME_ACKED : State.FALLBACK_ACKED;
        }
    }

    private void onFailure(NodeId from, List<WriteEffect> out) {
        Slot slot = slotsByTarget.get(from);
        if (slot == null || timedOut || !from.equals(slot.holder)
                || (slot.state != State.HOME_PENDING && slot.state != State.FALLBACK_PENDING)) {
            return; // stale, duplicated, or after the node already acked
        }
        failures++;
        cover(slot, out);
    }

    private void onHintStored(NodeId home) {
        Slot slot = slotsByHome.get(home);
        if (slot != null && slot.state == State.HINT_PENDING) {
            slot.state = State.HINT_STORED;
            hintsStored.add(home);
        }
    }

    private void onTimeout(List<WriteEffect> out) {
        if (timedOut) {
            return;
        }
        timedOut = true;
        if (!replied) {
            reply(out, new WriteEffect.Fail(NoQuorum.timedOut(NoQuorum.Op.WRITE, required, counted())));
        }
        if (hintedHandoff) {
            for (Slot slot : slotsByHome.values()) {
                if (slot.state == State.HOME_PENDING || slot.state == State.FALLBACK_PENDING) {
                    slot.state = State.HINT_PENDING;
                    out.add(new WriteEffect.StoreHint(slot.home));
                }
            }
        }
    }

    /** Give a home replica's copy to the next live fallback, else to a coordinator hint, else up. */
    private void cover(Slot slot, List<WriteEffect> out) {
        Optional<NodeId> fallback = sloppy ? fallbacks.next() : Optional.empty();
        if (fallback.isPresent()) {
            target(slot, fallback.get(), State.FALLBACK_PENDING);
            out.add(new WriteEffect.SendHintedWrite(fallback.get(), slot.home));
        } else if (hintedHandoff) {
            slot.holder = null;
            slot.state = State.HINT_PENDING;
            out.add(new WriteEffect.StoreHint(slot.home));
        } else {
            slot.holder = null;
            slot.state = State.ABANDONED;
        }
    }

    private void target(Slot slot, NodeId node, State state) {
        slot.holder = node;
        slot.state = state;
        slotsByTarget.put(node, slot);
    }

    /** Reply if the level is reached, or if it can no longer be. */
    private void decide(List<WriteEffect> out) {
        if (replied || timedOut) {
            return;
        }
        int counted = counted();
        if (counted >= required) {
            reply(out, new WriteEffect.Succeed(homeAcks, countsFallbacks() ? fallbackAcks : Set.of(),
                    level.isAny() ? hintsStored : Set.of()));
        } else if (counted + stillPossible() < required) {
            reply(out, new WriteEffect.Fail(NoQuorum.failed(NoQuorum.Op.WRITE, required, counted, failures)));
        }
    }

    private List<WriteEffect> reply(List<WriteEffect> out, WriteEffect reply) {
        replied = true;
        out.add(reply);
        return out;
    }

    private boolean countsFallbacks() {
        return sloppy || level.isAny();
    }

    private int counted() {
        return homeAcks.size() + (countsFallbacks() ? fallbackAcks.size() : 0) + (level.isAny() ? hintsStored.size() : 0);
    }

    /** Pending slots that would add a counted ack if they succeed. */
    private int stillPossible() {
        int possible = 0;
        for (Slot slot : slotsByHome.values()) {
            boolean counts = switch (slot.state) {
                case HOME_PENDING -> !homeAcks.contains(slot.holder);
                case FALLBACK_PENDING -> countsFallbacks() && !fallbackAcks.contains(slot.holder);
                case HINT_PENDING -> level.isAny();
                default -> false;
            };
            possible += counts ? 1 : 0;
        }
        return possible;
    }

    /** How many counted acks the live nodes could give, judged before sending anything. */
    private int reachable() {
        long liveHomes = placement.liveHomes();
        long down = placement.n() - liveHomes;
        long viaFallbacks = sloppy ? Math.min(down, placement.liveFallbacks()) : 0;
        if (level.isAny() && (hintedHandoff || liveHomes + viaFallbacks > 0)) {
            return required; // ANY: a coordinator hint always counts
        }
        return (int) (liveHomes + viaFallbacks);
    }

    public int required() {
        return required;
    }

    /** Whether the client has had its reply. */
    public boolean replied() {
        return replied;
    }

    /** Nothing more will come of this write: the deadline passed, or every copy has an outcome. */
    public boolean isDone() {
        return timedOut || (replied && slotsByHome.values().stream().noneMatch(Slot::pending));
    }

    /** Home replicas and fallbacks that acknowledged so far, in arrival order (for metrics). */
    public Set<NodeId> acked() {
        Set<NodeId> all = new LinkedHashSet<>(homeAcks);
        all.addAll(fallbackAcks);
        return all;
    }

    /** Homes the coordinator stored a hint for (for metrics and CLUSTER HINTS accounting). */
    public Set<NodeId> hintsStored() {
        return Set.copyOf(hintsStored);
    }
}
