package io.coterie.ring.version;

import io.coterie.ring.NodeId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The storage form of a {@link SiblingSet}, smaller than {@link SiblingSet#encode()} because it sits
 * beside every record: each node id (20 bytes) is written once in a table and referred to by index,
 * and the last-writer-wins sibling's value may be left out when the record already holds it (the
 * storage layer keeps that value as the record's value, so storing it twice would double the data).
 * A single-writer record — the common case — costs about 45 bytes.
 *
 * <pre>
 *   node count, node ids (20 raw bytes each)
 *   clock entry count, per entry: node index, counter, timestamp ms
 *   sibling count, per sibling: node index, counter, HLC (8 bytes), flags, [expiry], [value]
 *   flags: 1 tombstone, 2 has expiry, 4 value elided
 * </pre>
 */
public final class StoredSiblingCodec {

    private static final int FLAG_TOMBSTONE = 1;
    private static final int FLAG_EXPIRY = 2;
    private static final int FLAG_ELIDED = 4;
    private static final int NODES_MAX = VectorClock.ENTRIES_MAX + SiblingSet.SIBLINGS_MAX;

    private StoredSiblingCodec() {
    }

    /**
     * @param elideLwwValue leave out the value of {@link SiblingSet#lastWriteWins()} (when it is not a
     *                      tombstone); {@link #decode} must then be given that value back
     */
    public static byte[] encode(SiblingSet set, boolean elideLwwValue) {
        Sibling elided = elideLwwValue ? set.lastWriteWins().filter(s -> !s.tombstone()).orElse(null) : null;
        Map<NodeId, Integer> index = new HashMap<>();
        List<NodeId> nodes = new ArrayList<>();
        set.context().entries().keySet().forEach(n -> indexOf(n, index, nodes));
        set.siblings().forEach(s -> indexOf(s.dot().node(), index, nodes));

        ByteWriter out = new ByteWriter();
        out.writeVarLong(nodes.size());
        nodes.forEach(out::writeNodeId);
        out.writeVarLong(set.context().size());
        set.context().entries().forEach((node, e) ->
                out.writeVarLong(index.get(node)).writeVarLong(e.counter()).writeVarLong(e.timestampMs()));
        out.writeVarLong(set.siblings().size());
        for (Sibling s : set.siblings()) {
            boolean elide = s == elided;
            int flags = (s.tombstone() ? FLAG_TOMBSTONE : 0) | (s.expireAtMs() != Sibling.NO_EXPIRY ? FLAG_EXPIRY : 0)
                    | (elide ? FLAG_ELIDED : 0);
            out.writeVarLong(index.get(s.dot().node())).writeVarLong(s.dot().counter()).writeLong(s.hlc().encoded());
            out.writeByte(flags);
            if (s.expireAtMs() != Sibling.NO_EXPIRY) {
                out.writeVarLong(s.expireAtMs());
            }
            if (!s.tombstone() && !elide) {
                out.writeBytes(s.value());
            }
        }
        return out.toByteArray();
    }

    /**
     * @param elidedValue the value to put back where {@link #encode} left one out
     * @throws VersionDecodeException for truncated, corrupt or inconsistent bytes
     */
    public static SiblingSet decode(byte[] bytes, byte[] elidedValue) {
        ByteReader in = new ByteReader(bytes);
        int nodeCount = in.readCount("node count", 0, NODES_MAX);
        List<NodeId> nodes = new ArrayList<>(Math.min(nodeCount, in.remaining()));
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(in.readNodeId());
        }
        int entryCount = in.readCount("clock entry count", 0, VectorClock.ENTRIES_MAX);
        TreeMap<NodeId, VectorClock.Entry> entries = new TreeMap<>();
        for (int i = 0; i < entryCount; i++) {
            NodeId node = node(in, nodes);
            long counter = in.readVarLong();
            long timestampMs = in.readVarLong();
            if (counter < 1 || entries.put(node, new VectorClock.Entry(counter, timestampMs)) != null) {
                throw new VersionDecodeException("corrupt clock entry for " + node);
            }
        }
        int siblingCount = in.readCount("sibling count", 0, SiblingSet.SIBLINGS_MAX);
        List<Sibling> siblings = new ArrayList<>(Math.min(siblingCount, in.remaining()));
        for (int i = 0; i < siblingCount; i++) {
            siblings.add(readSibling(in, nodes, elidedValue));
        }
        in.expectEnd("stored sibling set");
        try {
            return SiblingSet.of(VectorClock.of(entries), siblings);
        } catch (IllegalArgumentException e) {
            throw new VersionDecodeException("inconsistent stored sibling set: " + e.getMessage());
        }
    }

    private static Sibling readSibling(ByteReader in, List<NodeId> nodes, byte[] elidedValue) {
        Dot dot = new Dot(node(in, nodes), in.readVarLong());
        long hlc = in.readLong();
        int flags = in.readByte();
        if (dot.counter() < 1 || hlc < 0 || (flags & ~(FLAG_TOMBSTONE | FLAG_EXPIRY | FLAG_ELIDED)) != 0) {
            throw new VersionDecodeException("corrupt stored sibling " + dot + ": hlc " + hlc + ", flags " + flags);
        }
        long expireAtMs = (flags & FLAG_EXPIRY) != 0 ? in.readVarLong() : Sibling.NO_EXPIRY;
        if ((flags & FLAG_TOMBSTONE) != 0) {
            if (flags != FLAG_TOMBSTONE) {
                throw new VersionDecodeException("tombstone " + dot + " carries an expiry or an elided value");
            }
            return Sibling.tombstone(dot, HlcTimestamp.decode(hlc));
        }
        if (expireAtMs < 0 || ((flags & FLAG_EXPIRY) != 0 && expireAtMs == 0)) {
            throw new VersionDecodeException("corrupt stored sibling expiry " + Long.toUnsignedString(expireAtMs));
        }
        byte[] value = (flags & FLAG_ELIDED) != 0 ? elidedValue : in.readBytes("sibling value");
        return Sibling.value(dot, value, HlcTimestamp.decode(hlc), expireAtMs);
    }

    private static NodeId node(ByteReader in, List<NodeId> nodes) {
        int i = in.readCount("node index", 0, Math.max(0, nodes.size() - 1));
        if (nodes.isEmpty()) {
            throw new VersionDecodeException("node index with an empty node table");
        }
        return nodes.get(i);
    }

    private static void indexOf(NodeId node, Map<NodeId, Integer> index, List<NodeId> nodes) {
        if (!index.containsKey(node)) {
            index.put(node, nodes.size());
            nodes.add(node);
        }
    }
}
