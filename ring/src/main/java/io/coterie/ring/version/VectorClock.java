package io.coterie.ring.version;

import io.coterie.ring.NodeId;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A version vector: for each node that coordinated a write, how many writes it coordinated (Dynamo
 * §4.4). Each entry also carries the wall-clock time it last advanced, used only to choose which
 * entries to drop when the clock grows past {@link #TRUNCATE_AFTER} entries ("truncated past 10
 * entries by oldest timestamp", as Dynamo does). Immutable; entries sorted by node id.
 *
 * <p>{@link #merge} is a lattice join (pointwise max of counters and of timestamps), so it is
 * commutative, associative and idempotent; truncation happens only on {@link #increment}, where a
 * coordinator writes, never inside a merge, so merging stays a join.
 */
public final class VectorClock {

    public static final int TRUNCATE_AFTER = 10;

    /** Decoding limit: well above what truncation keeps, far below what could hurt. */
    static final int ENTRIES_MAX = 1024;

    private static final VectorClock EMPTY = new VectorClock(Collections.emptySortedMap());

    /** One node's counter and the wall-clock millisecond it last advanced. */
    public record Entry(long counter, long timestampMs) {
        public Entry {
            if (counter < 1) {
                throw new IllegalArgumentException("a clock entry's counter is >= 1, was " + counter);
            }
        }
    }

    private final SortedMap<NodeId, Entry> entries;

    private VectorClock(SortedMap<NodeId, Entry> entries) {
        this.entries = entries;
    }

    public static VectorClock empty() {
        return EMPTY;
    }

    public static VectorClock of(Map<NodeId, Entry> entries) {
        return entries.isEmpty() ? EMPTY : new VectorClock(Collections.unmodifiableSortedMap(new TreeMap<>(entries)));
    }

    /** Entries sorted by node id. */
    public SortedMap<NodeId, Entry> entries() {
        return entries;
    }

    /** The node's counter, 0 if the node never coordinated a write in this history. */
    public long counter(NodeId node) {
        Entry e = entries.get(node);
        return e == null ? 0 : e.counter();
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether the write named by {@code dot} is part of this history. */
    public boolean covers(Dot dot) {
        return counter(dot.node()) >= dot.counter();
    }

    /**
     * This clock after {@code node} coordinates one more write at {@code nowMs}, truncated to
     * {@link #TRUNCATE_AFTER} entries (never dropping {@code node} itself).
     */
    public VectorClock increment(NodeId node, long nowMs) {
        return advance(node, counter(node) + 1, nowMs, Set.of());
    }

    /**
     * This clock with {@code node}'s counter set to {@code counter} (which must not go backwards),
     * truncated past {@link #TRUNCATE_AFTER} entries while keeping {@code node} and {@code keep}.
     */
    VectorClock advance(NodeId node, long counter, long nowMs, Set<NodeId> keep) {
        if (counter < counter(node)) {
            throw new IllegalArgumentException("counter of " + node + " would go back from " + counter(node) + " to " + counter);
        }
        TreeMap<NodeId, Entry> next = new TreeMap<>(entries);
        Entry old = entries.get(node);
        next.put(node, new Entry(counter, old == null ? nowMs : Math.max(old.timestampMs(), nowMs)));
        truncate(next, node, keep);
        return new VectorClock(Collections.unmodifiableSortedMap(next));
    }

    /**
     * Drops the entries with the oldest timestamps (ties: lowest node id) until at most
     * {@link #TRUNCATE_AFTER} remain, never those in {@code keep}. Dropping an entry can only make
     * later comparisons say CONCURRENT where the truth is BEFORE — an extra sibling, never a lost
     * write (Dynamo §4.4 accepts the same trade).
     */
    private static void truncate(TreeMap<NodeId, Entry> entries, NodeId writer, Set<NodeId> keep) {
        while (entries.size() > TRUNCATE_AFTER) {
            NodeId oldest = entries.entrySet().stream()
                    .filter(e -> !e.getKey().equals(writer) && !keep.contains(e.getKey()))
                    .min(Comparator.comparingLong((Map.Entry<NodeId, Entry> e) -> e.getValue().timestampMs())
                            .thenComparing(Map.Entry::getKey))
                    .map(Map.Entry::getKey)
                    .orElse(null);
            if (oldest == null) {
                return;
            }
            entries.remove(oldest);
        }
    }

    /** The least clock that descends from both: pointwise maximum. */
    public VectorClock merge(VectorClock other) {
        if (other.entries.isEmpty() || other == this) {
            return this;
        }
        if (entries.isEmpty()) {
            return other;
        }
        TreeMap<NodeId, Entry> next = new TreeMap<>(entries);
        other.entries.forEach((node, theirs) -> next.merge(node, theirs, (a, b) ->
                new Entry(Math.max(a.counter(), b.counter()), Math.max(a.timestampMs(), b.timestampMs()))));
        return new VectorClock(Collections.unmodifiableSortedMap(next));
    }

    /** Whether this history includes all of {@code other}'s (this ≥ other). */
    public boolean descends(VectorClock other) {
        for (Map.Entry<NodeId, Entry> e : other.entries.entrySet()) {
            if (counter(e.getKey()) < e.getValue().counter()) {
                return false;
            }
        }
        return true;
    }

    /** How this clock relates to {@code other}; timestamps play no part. */
    public CausalOrder compare(VectorClock other) {
        boolean thisAhead = !other.descends(this);
        boolean otherAhead = !this.descends(other);
        if (thisAhead && otherAhead) {
            return CausalOrder.CONCURRENT;
        }
        if (thisAhead) {
            return CausalOrder.AFTER;
        }
        return otherAhead ? CausalOrder.BEFORE : CausalOrder.EQUAL;
    }

    /** Compact binary form: varint entry count, then per entry 20 raw id bytes, varint counter, varint timestamp. */
    public byte[] encode() {
        ByteWriter out = new ByteWriter();
        writeTo(out);
        return out.toByteArray();
    }

    /** @throws VersionDecodeException if {@code bytes} is not exactly one encoded clock */
    public static VectorClock decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        VectorClock clock = readFrom(in);
        in.expectEnd("vector clock");
        return clock;
    }

    void writeTo(ByteWriter out) {
        out.writeVarLong(entries.size());
        entries.forEach((node, e) -> out.writeNodeId(node).writeVarLong(e.counter()).writeVarLong(e.timestampMs()));
    }

    static VectorClock readFrom(ByteReader in) {
        int count = in.readCount("clock entry count", 0, ENTRIES_MAX);
        TreeMap<NodeId, Entry> entries = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            NodeId node = in.readNodeId();
            long counter = in.readVarLong();
            long timestampMs = in.readVarLong();
            if (counter < 1) {
                throw new VersionDecodeException("clock entry for " + node + " has counter " + Long.toUnsignedString(counter));
            }
            if (entries.put(node, new Entry(counter, timestampMs)) != null) {
                throw new VersionDecodeException("clock names " + node + " twice");
            }
        }
        return of(entries);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorClock v && entries.equals(v.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        entries.forEach((node, e) -> sb.append(sb.length() > 1 ? ", " : "").append(node.value(), 0, 8).append(':').append(e.counter()));
        return sb.append(']').toString();
    }

    /** For callers that need the node ids only. */
    public Set<NodeId> nodes() {
        return entries.keySet();
    }
}
