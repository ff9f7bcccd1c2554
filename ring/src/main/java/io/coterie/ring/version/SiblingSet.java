package io.coterie.ring.version;

import io.coterie.ring.NodeId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a replica knows about one key's versions: the causal context (a {@link VectorClock}
 * covering every write this replica has seen or seen superseded) and the siblings — the concurrent
 * values still alive, each named by the {@link Dot} of the write that made it. This is the dotted
 * version vector scheme of Preguiça et al. ("Dotted Version Vectors", 2010; Riak 2.0's dvv): a
 * version is identified by its dot, not by a whole vector clock, so
 * <ul>
 *   <li>a write discards exactly the siblings whose dots its client context covers and adds its
 *       value with a fresh dot — two clients that VSET with the same context, even through the same
 *       coordinator, end up as two siblings (per-node vector clocks would let the second overwrite
 *       the first), and siblings stay bounded by the number of truly concurrent writers;</li>
 *   <li>replicas sync by keeping each sibling the other side has too, or has not yet seen.</li>
 * </ul>
 * Invariant: the context covers every sibling's dot, and a dot names one sibling. Immutable;
 * siblings are kept sorted by dot, so equal states encode to equal bytes.
 */
public final class SiblingSet {

    /** Decoding limit on siblings. Writes are never capped: dropping a sibling would lose a write. */
    static final int SIBLINGS_MAX = 1024;
    private static final int FORMAT_VERSION = 1;
    private static final int FLAG_TOMBSTONE = 1;
    private static final int FLAG_EXPIRY = 2;

    private static final SiblingSet EMPTY = new SiblingSet(VectorClock.empty(), List.of());

    /** Last-writer-wins order: HLC time, then the writing node's id, then its counter. */
    private static final Comparator<Sibling> LWW = Comparator.comparing(Sibling::hlc)
            .thenComparing(s -> s.dot().node())
            .thenComparingLong(s -> s.dot().counter());

    private final VectorClock clock;
    private final List<Sibling> siblings;

    private SiblingSet(VectorClock clock, List<Sibling> siblings) {
        this.clock = clock;
        this.siblings = siblings;
    }

    public static SiblingSet empty() {
        return EMPTY;
    }

    /** @throws IllegalArgumentException if a dot repeats or is not covered by {@code clock} */
    public static SiblingSet of(VectorClock clock, Collection<Sibling> siblings) {
        Objects.requireNonNull(clock, "clock");
        List<Sibling> sorted = new ArrayList<>(siblings);
        sorted.sort(Comparator.comparing(Sibling::dot));
        for (int i = 0; i < sorted.size(); i++) {
            Dot dot = sorted.get(i).dot();
            if (i > 0 && sorted.get(i - 1).dot().equals(dot)) {
                throw new IllegalArgumentException("dot " + dot + " names two siblings");
            }
            if (!clock.covers(dot)) {
                throw new IllegalArgumentException("context " + clock + " does not cover sibling dot " + dot);
            }
        }
        return new SiblingSet(clock, List.copyOf(sorted));
    }

    /** The VGET context: the merged causal history of all siblings (and of what they superseded). */
    public VectorClock context() {
        return clock;
    }

    /** Live versions sorted by dot; tombstones included. */
    public List<Sibling> siblings() {
        return siblings;
    }

    public boolean isEmpty() {
        return siblings.isEmpty();
    }

    /**
     * A coordinator write (VSET, or SET with this replica's own {@link #context()}): the siblings
     * whose dots {@code context} covers are superseded and dropped, the rest stay, and the value is
     * added under a fresh dot {@code (coordinator, n)} where n exceeds every counter of this
     * coordinator seen here or in the context. DVV paper §5, "update".
     */
    public SiblingSet write(VectorClock context, NodeId coordinator, byte[] value, HlcTimestamp hlc, long expireAtMs, long nowMs) {
        Dot dot = nextDot(context, coordinator);
        return add(context, Sibling.value(dot, value, hlc, expireAtMs), nowMs);
    }

    /** A delete (VDEL, or DEL with this replica's own context): like {@link #write} but adds a tombstone. */
    public SiblingSet delete(VectorClock context, NodeId coordinator, HlcTimestamp hlc, long nowMs) {
        Dot dot = nextDot(context, coordinator);
        return add(context, Sibling.tombstone(dot, hlc), nowMs);
    }

    /** The siblings a VSET with {@code context} would supersede: those whose dots it covers. */
    public List<Sibling> supersededBy(VectorClock context) {
        return siblings.stream().filter(s -> context.covers(s.dot())).toList();
    }

    /**
     * Synchronise two replicas' states (anti-entropy, read repair, an incoming replicated write):
     * keep each sibling the other side also has or has not seen; drop one the other side has seen
     * and superseded. An incoming version is thus dropped if dominated, replaces what it dominates,
     * and joins as a sibling if concurrent. Commutative, associative and idempotent.
     */
    public SiblingSet merge(SiblingSet other) {
        if (other == this) {
            return this;
        }
        Map<Dot, Sibling> theirs = new TreeMap<>();
        other.siblings.forEach(s -> theirs.put(s.dot(), s));
        List<Sibling> kept = new ArrayList<>();
        Set<Dot> ours = new HashSet<>();
        for (Sibling s : siblings) {
            ours.add(s.dot());
            Sibling same = theirs.get(s.dot());
            if (same != null) {
                kept.add(canonical(s, same));
            } else if (!other.clock.covers(s.dot())) {
                kept.add(s);
            }
        }
        for (Sibling s : other.siblings) {
            if (!ours.contains(s.dot()) && !clock.covers(s.dot())) {
                kept.add(s);
            }
        }
        return of(clock.merge(other.clock), kept);
    }

    /** The version a plain GET returns: highest HLC, ties broken by node id then counter. */
    public Optional<Sibling> lastWriteWins() {
        return siblings.stream().max(LWW);
    }

    /** The value a plain GET sees at {@code nowMs}: the LWW winner unless it is a tombstone or expired. */
    public Optional<Sibling> visible(long nowMs) {
        return lastWriteWins().filter(s -> !s.tombstone() && !s.isExpiredAt(nowMs));
    }

    /**
     * Whether the whole record may be dropped: every sibling is a tombstone written, or a value
     * expired, at least {@code graceMs} ago. (That all replicas hold the tombstone is the caller's
     * check — collecting earlier lets a stale replica resurrect the value.)
     */
    public boolean collectable(long nowMs, long graceMs) {
        if (siblings.isEmpty()) {
            return true;
        }
        for (Sibling s : siblings) {
            long deadSinceMs = s.tombstone() ? s.hlc().physicalMs() : s.expireAtMs() == Sibling.NO_EXPIRY ? Long.MAX_VALUE : s.expireAtMs();
            if (deadSinceMs == Long.MAX_VALUE || nowMs - deadSinceMs < graceMs) {
                return false;
            }
        }
        return true;
    }

    /**
     * The record's metadata as storage persists it: format byte, context clock, then per sibling its
     * dot, HLC (8 bytes), flags, expiry (if any) and value (unless a tombstone). Varints throughout.
     */
    public byte[] encode() {
        ByteWriter out = new ByteWriter().writeByte(FORMAT_VERSION);
        clock.writeTo(out);
        out.writeVarLong(siblings.size());
        for (Sibling s : siblings) {
            out.writeNodeId(s.dot().node()).writeVarLong(s.dot().counter()).writeLong(s.hlc().encoded());
            int flags = (s.tombstone() ? FLAG_TOMBSTONE : 0) | (s.expireAtMs() != Sibling.NO_EXPIRY ? FLAG_EXPIRY : 0);
            out.writeByte(flags);
            if (s.expireAtMs() != Sibling.NO_EXPIRY) {
                out.writeVarLong(s.expireAtMs());
            }
            if (!s.tombstone()) {
                out.writeBytes(s.value());
            }
        }
        return out.toByteArray();
    }

    /** @throws VersionDecodeException for truncated, corrupt or inconsistent bytes */
    public static SiblingSet decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        int format = in.readByte();
        if (format != FORMAT_VERSION) {
            throw new VersionDecodeException("unknown sibling set format " + format);
        }
        VectorClock clock = VectorClock.readFrom(in);
        int count = in.readCount("sibling count", 0, SIBLINGS_MAX);
        List<Sibling> siblings = new ArrayList<>(Math.min(count, in.remaining()));
        for (int i = 0; i < count; i++) {
            siblings.add(readSibling(in));
        }
        in.expectEnd("sibling set");
        try {
            return of(clock, siblings);
        } catch (IllegalArgumentException e) {
            throw new VersionDecodeException("inconsistent sibling set: " + e.getMessage());
        }
    }

    private static Sibling readSibling(ByteReader in) {
        NodeId node = in.readNodeId();
        long counter = in.readVarLong();
        long hlc = in.readLong();
        int flags = in.readByte();
        if (counter < 1 || hlc < 0 || (flags & ~(FLAG_TOMBSTONE | FLAG_EXPIRY)) != 0) {
            throw new VersionDecodeException("corrupt sibling: counter " + Long.toUnsignedString(counter) + ", hlc " + hlc + ", flags " + flags);
        }
        long expireAtMs = Sibling.NO_EXPIRY;
        if ((flags & FLAG_EXPIRY) != 0) {
            expireAtMs = in.readVarLong();
            if (expireAtMs <= 0) {
                throw new VersionDecodeException("corrupt sibling expiry " + Long.toUnsignedString(expireAtMs));
            }
        }
        Dot dot = new Dot(node, counter);
        if ((flags & FLAG_TOMBSTONE) != 0) {
            if (expireAtMs != Sibling.NO_EXPIRY) {
                throw new VersionDecodeException("tombstone " + dot + " carries an expiry");
            }
            return Sibling.tombstone(dot, HlcTimestamp.decode(hlc));
        }
        return Sibling.value(dot, in.readBytes("sibling value"), HlcTimestamp.decode(hlc), expireAtMs);
    }

    private Dot nextDot(VectorClock context, NodeId coordinator) {
        return new Dot(coordinator, Math.max(clock.counter(coordinator), context.counter(coordinator)) + 1);
    }

    private SiblingSet add(VectorClock context, Sibling fresh, long nowMs) {
        List<Sibling> kept = new ArrayList<>();
        Set<NodeId> dotNodes = new HashSet<>();
        for (Sibling s : siblings) {
            if (!context.covers(s.dot())) {
                kept.add(s);
                dotNodes.add(s.dot().node());
            }
        }
        kept.add(fresh);
        VectorClock next = clock.merge(context).advance(fresh.dot().node(), fresh.dot().counter(), nowMs, dotNodes);
        return of(next, kept);
    }

    /** Two copies of one dot should be identical; if corruption made them differ, pick one the same way everywhere. */
    private static Sibling canonical(Sibling a, Sibling b) {
        if (a.equals(b)) {
            return a;
        }
        int c = a.hlc().compareTo(b.hlc());
        if (c == 0) {
            c = Boolean.compare(a.tombstone(), b.tombstone());
        }
        if (c == 0) {
            c = Long.compare(a.expireAtMs(), b.expireAtMs());
        }
        if (c == 0) {
            c = Arrays.compare(a.value(), b.value());
        }
        return c >= 0 ? a : b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SiblingSet s && clock.equals(s.clock) && siblings.equals(s.siblings);
    }

    @Override
    public int hashCode() {
        return 31 * clock.hashCode() + siblings.hashCode();
    }

    @Override
    public String toString() {
        return "SiblingSet[context=" + clock + ", siblings=" + siblings + "]";
    }
}
