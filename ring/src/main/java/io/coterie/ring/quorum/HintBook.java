package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pure model of a node's hints (Dynamo §4.6, hinted handoff): which hints to keep for each
 * down target within {@link HintLimits}, which to hand off when the target is up again, and what
 * CLUSTER HINTS shows. The payloads live in storage's durable hint store under the same ids; this
 * book is rebuilt from that store on restart. Mutable; owned by the node's hint thread.
 *
 * <p>Over a count or byte limit the <em>oldest</em> hints go first, because
 * <ul>
 *   <li>a newer hint for a key carries a state that already merged in the older ones the
 *       coordinator had seen (each write is coordinator state plus one dot), so the newest hints
 *       are worth the most per byte;</li>
 *   <li>the oldest are the next to expire by age anyway;</li>
 *   <li>any drop means the target must be repaired by anti-entropy ({@link #needsRepair}), which
 *       finds all differences regardless of which hints were lost — so what matters is that the
 *       hints that remain reach the target quickly and recently.</li>
 * </ul>
 * (Cassandra instead stops writing new hints at its size limit; that keeps stale data and loses
 * fresh data, the worse half to keep.) A target down longer than the window is not hinted at all,
 * as Cassandra's max_hint_window: after that, repair is cheaper than replaying hours of writes.
 */
public final class HintBook {

    private static final class Queue {
        final ArrayDeque<HintRef> hints = new ArrayDeque<>();
        final Set<Long> inFlight = new HashSet<>();
        long bytes;
        long dropped;
    }

    private HintLimits limits;
    private final Map<NodeId, Queue> queues = new TreeMap<>();
    private long nextId = 1;

    public HintBook(HintLimits limits) {
        this.limits = limits;
    }

    public HintLimits limits() {
        return limits;
    }

    /**
     * Changes the limits (CONFIG SET of {@code hint-bytes-max}, {@code hint-window-seconds}). Returns the
     * oldest hints dropped so that every target fits the new count and byte limits, so their payloads
     * can be deleted; a shorter window takes effect at the next {@link #expire}.
     */
    public List<HintRef> setLimits(HintLimits next) {
        this.limits = next;
        List<HintRef> dropped = new ArrayList<>();
        for (Queue q : queues.values()) {
            while (q.hints.size() > limits.countMax() || q.bytes > limits.bytesMax()) {
                dropped.add(removeFirst(q));
            }
        }
        return dropped;
    }

    /**
     * Puts back a hint the durable store reloaded after a restart, with its id and creation time, behind
     * the target's others (so restore each target's hints oldest first). Ids given out later are above
     * every restored one. Limits and the window apply at the next {@link #admit} and {@link #expire}.
     */
    public void restore(HintRef hint) {
        Queue q = queues.computeIfAbsent(hint.target(), t -> new Queue());
        q.hints.addLast(hint);
        q.bytes += hint.bytes();
        nextId = Math.max(nextId, hint.id() + 1);
    }

    /**
     * Offer a hint of {@code bytes} for {@code target}.
     *
     * @param targetDownSinceMs when the failure detector marked the target down, or {@code nowMs}
     *                          if it is not marked down (a replica that only timed out)
     */
    public HintAdmission admit(NodeId target, long bytes, long nowMs, long targetDownSinceMs) {
        Queue q = queues.computeIfAbsent(target, t -> new Queue());
        if (nowMs - targetDownSinceMs > limits.windowMs()) {
            q.dropped++;
            return new HintAdmission.Refused("target down for " + (nowMs - targetDownSinceMs)
                    + " ms, past the hint window of " + limits.windowMs() + " ms");
        }
        if (bytes > limits.bytesMax()) {
            q.dropped++;
            return new HintAdmission.Refused("hint of " + bytes + " bytes exceeds hint-bytes-max " + limits.bytesMax());
        }
        HintRef hint = new HintRef(nextId++, target, bytes, nowMs);
        q.hints.addLast(hint);
        q.bytes += bytes;
        List<HintRef> dropped = new ArrayList<>();
        while (q.hints.size() > limits.countMax() || q.bytes > limits.bytesMax()) {
            dropped.add(removeFirst(q));
        }
        return new HintAdmission.Admitted(hint, dropped);
    }

    /**
     * Drop hints older than the window (admission order is age order: the caller's clock is the
     * node's monotonic HLC-backed millisecond). Returns them so their payloads can be deleted.
     */
    public List<HintRef> expire(long nowMs) {
        List<HintRef> expired = new ArrayList<>();
        for (Queue q : queues.values()) {
            while (!q.hints.isEmpty() && nowMs - q.hints.peekFirst().createdMs() > limits.windowMs()) {
                expired.add(removeFirst(q));
            }
        }
        return expired;
    }

    /**
     * The next handoff batch for {@code target}, which gossip reports up: the oldest hints not
     * already in flight, up to the batch limits (at least one, so an oversized hint cannot block the
     * queue). They stay pending until {@link #delivered} or {@link #handoffFailed}.
     */
    public List<HintRef> nextBatch(NodeId target) {
        Queue q = queues.get(target);
        List<HintRef> batch = new ArrayList<>();
        if (q == null) {
            return batch;
        }
        long bytes = 0;
        for (HintRef h : q.hints) {
            if (q.inFlight.contains(h.id())) {
                continue;
            }
            if (batch.size() == limits.batchCountMax() || (!batch.isEmpty() && bytes + h.bytes() > limits.batchBytesMax())) {
                break;
            }
            batch.add(h);
            bytes += h.bytes();
        }
        batch.forEach(h -> q.inFlight.add(h.id()));
        return batch;
    }

    /** The target merged these hints: forget them (and delete their payloads). Unknown ids are ignored. */
    public void delivered(NodeId target, Collection<Long> ids) {
        Queue q = queues.get(target);
        if (q == null) {
            return;
        }
        Set<Long> done = new HashSet<>(ids);
        // The usual case, a handed-off batch, is the oldest hints: take them off the head without a scan.
        while (!q.hints.isEmpty() && done.remove(q.hints.peekFirst().id())) {
            HintRef h = q.hints.removeFirst();
            q.bytes -= h.bytes();
            q.inFlight.remove(h.id());
        }
        Iterator<HintRef> it = q.hints.iterator();
        while (!done.isEmpty() && it.hasNext()) {
            HintRef h = it.next();
            if (done.remove(h.id())) {
                it.remove();
                q.bytes -= h.bytes();
                q.inFlight.remove(h.id());
            }
        }
    }

    /** A batch did not get through (the target went down again): its hints become pending again. */
    public void handoffFailed(NodeId target, Collection<Long> ids) {
        Queue q = queues.get(target);
        if (q != null) {
            q.inFlight.removeAll(ids);
        }
    }

    /** Whether hints for {@code target} were dropped or refused, so only anti-entropy can bring it up to date. */
    public boolean needsRepair(NodeId target) {
        Queue q = queues.get(target);
        return q != null && q.dropped > 0;
    }

    /** An anti-entropy pass brought {@code target} up to date. */
    public void repaired(NodeId target) {
        Queue q = queues.get(target);
        if (q != null) {
            q.dropped = 0;
        }
    }

    /** CLUSTER HINTS: one row per target with anything pending or dropped, by node id. */
    public List<PendingHints> pending() {
        List<PendingHints> rows = new ArrayList<>();
        queues.forEach((target, q) -> {
            if (!q.hints.isEmpty() || q.dropped > 0) {
                long oldest = q.hints.isEmpty() ? -1 : q.hints.peekFirst().createdMs();
                rows.add(new PendingHints(target, q.hints.size(), q.bytes, q.inFlight.size(), oldest, q.dropped));
            }
        });
        return rows;
    }

    private static HintRef removeFirst(Queue q) {
        HintRef h = q.hints.removeFirst();
        q.bytes -= h.bytes();
        q.inFlight.remove(h.id());
        q.dropped++;
        return h;
    }
}
