package io.coterie.server.cluster.repair;

import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.repair.KeyDigest;
import io.coterie.ring.repair.MerkleTree;
import io.coterie.ring.repair.SlotBuckets;
import io.coterie.server.cluster.bus.BusMessageTypes;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.server.cluster.gossip.WireReader;
import io.coterie.server.cluster.gossip.WireWriter;
import io.coterie.storage.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes of {@link RepairMessage}s with {@link WireWriter}'s encodings; layout in docs/anti-entropy.md. Hashes travel
 * as fixed64 (they are uniformly random; a varint would grow them). Decoding is strict, like the stream codec's:
 * truncation, trailing bytes, an unknown version or tag, a count over its limit or beyond what the bytes left can
 * hold throw {@link MalformedMessageException}.
 */
public final class RepairCodec {

    public static final int CODEC_VERSION = 1;

    public static final int TREE_TYPE = BusMessageTypes.REPAIR_FIRST;
    public static final int BUCKETS_TYPE = BusMessageTypes.REPAIR_FIRST + 1;
    public static final int KEYS_TYPE = BusMessageTypes.REPAIR_FIRST + 2;
    public static final int FETCH_TYPE = BusMessageTypes.REPAIR_FIRST + 3;
    public static final int PUSH_TYPE = BusMessageTypes.REPAIR_FIRST + 4;
    public static final int END_TYPE = BusMessageTypes.REPAIR_FIRST + 5;

    // Response tags: not frame types, distinct from them so a payload names what it is.
    private static final int TREE_HASHES_TAG = 1;
    private static final int BUCKET_HASHES_TAG = 2;
    private static final int KEY_DIGESTS_TAG = 3;
    private static final int RECORDS_TAG = 4;
    private static final int PUSHED_TAG = 5;

    /** Key digests or records in one message: far above one chunk's, low enough to refuse a lying count. */
    static final int ITEMS_MAX = 1 << 20;
    private static final int KEY_DIGEST_BYTES = 16;
    private static final int RECORD_BYTES_MIN = 4;

    private RepairCodec() {
    }

    public static int typeOf(RepairMessage message) {
        if (message instanceof RepairMessage.Tree) {
            return TREE_TYPE;
        } else if (message instanceof RepairMessage.Buckets) {
            return BUCKETS_TYPE;
        } else if (message instanceof RepairMessage.Keys) {
            return KEYS_TYPE;
        } else if (message instanceof RepairMessage.Fetch) {
            return FETCH_TYPE;
        } else if (message instanceof RepairMessage.Push) {
            return PUSH_TYPE;
        } else if (message instanceof RepairMessage.End) {
            return END_TYPE;
        }
        throw new IllegalArgumentException(message + " is a response and travels without a frame type");
    }

    public static byte[] encode(RepairMessage message) {
        WireWriter w = new WireWriter(64);
        w.writeByte(CODEC_VERSION);
        if (message instanceof RepairMessage.Tree m) {
            w.writeByte(TREE_TYPE).writeFixedLong(m.topology()).writeVarInt(m.firstSlot()).writeVarInt(m.lastSlot())
                    .writeVarInt(m.level());
            writeInts(w, m.nodes());
        } else if (message instanceof RepairMessage.TreeHashes m) {
            w.writeByte(TREE_HASHES_TAG);
            writeHashes(w, m.hashes());
        } else if (message instanceof RepairMessage.Buckets m) {
            w.writeByte(BUCKETS_TYPE).writeVarLong(m.sessionId()).writeFixedLong(m.topology());
            writeInts(w, m.slots());
            for (int count : m.bucketCounts()) {
                w.writeByte(Integer.numberOfTrailingZeros(count));
            }
        } else if (message instanceof RepairMessage.BucketHashes m) {
            w.writeByte(BUCKET_HASHES_TAG).writeVarInt(m.hashes().length);
            for (int[] slot : m.hashes()) {
                w.writeVarInt(slot.length);
                for (int h : slot) {
                    w.writeByte(h >>> 24).writeByte(h >>> 16).writeByte(h >>> 8).writeByte(h);
                }
            }
        } else if (message instanceof RepairMessage.Keys m) {
            w.writeByte(KEYS_TYPE).writeVarLong(m.sessionId());
            writeInts(w, m.slots());
            for (int bucket : m.buckets()) {
                w.writeVarInt(bucket);
            }
        } else if (message instanceof RepairMessage.KeyDigests m) {
            w.writeByte(KEY_DIGESTS_TAG).writeVarInt(m.buckets().size());
            for (List<KeyDigest> bucket : m.buckets()) {
                w.writeVarInt(bucket.size());
                bucket.forEach(k -> w.writeFixedLong(k.keyHash()).writeFixedLong(k.versionHash()));
            }
        } else if (message instanceof RepairMessage.Fetch m) {
            w.writeByte(FETCH_TYPE).writeVarLong(m.sessionId());
            writeHashes(w, m.keyHashes());
        } else if (message instanceof RepairMessage.Records m) {
            w.writeByte(RECORDS_TAG);
            writeRecords(w, m.records());
        } else if (message instanceof RepairMessage.Push m) {
            w.writeByte(PUSH_TYPE);
            writeRecords(w, m.records());
        } else if (message instanceof RepairMessage.Pushed m) {
            w.writeByte(PUSHED_TAG).writeVarInt(m.merged());
        } else if (message instanceof RepairMessage.End m) {
            w.writeByte(END_TYPE).writeVarLong(m.sessionId());
        }
        return w.toByteArray();
    }

    /** @throws MalformedMessageException for anything but one well-formed message */
    public static RepairMessage decode(byte[] bytes) {
        WireReader r = new WireReader(bytes);
        int version = r.readByte();
        if (version != CODEC_VERSION) {
            throw new MalformedMessageException("unknown repair codec version " + version);
        }
        int tag = r.readByte();
        RepairMessage message = switch (tag) {
            case TREE_TYPE -> readTree(r);
            case TREE_HASHES_TAG -> new RepairMessage.TreeHashes(readHashes(r, MerkleTree.size(MerkleTree.LEAF_LEVEL)));
            case BUCKETS_TYPE -> readBuckets(r);
            case BUCKET_HASHES_TAG -> readBucketHashes(r);
            case KEYS_TYPE -> readKeys(r);
            case KEY_DIGESTS_TAG -> readKeyDigests(r);
            case FETCH_TYPE -> new RepairMessage.Fetch(r.readVarLong(), readHashes(r, ITEMS_MAX));
            case RECORDS_TAG -> new RepairMessage.Records(readRecords(r));
            case PUSH_TYPE -> new RepairMessage.Push(readRecords(r));
            case PUSHED_TAG -> new RepairMessage.Pushed(r.readVarInt(ITEMS_MAX, "merged"));
            case END_TYPE -> new RepairMessage.End(r.readVarLong());
            default -> throw new MalformedMessageException("unknown repair message tag " + tag);
        };
        r.expectEnd("repair message");
        return message;
    }

    private static RepairMessage.Tree readTree(WireReader r) {
        long topology = r.readFixedLong();
        int first = r.readVarInt(HashSlots.SLOT_COUNT - 1, "first slot");
        int last = r.readVarInt(HashSlots.SLOT_COUNT - 1, "last slot");
        int level = r.readVarInt(MerkleTree.LEAF_LEVEL, "tree level");
        int[] nodes = readInts(r, MerkleTree.size(level), "tree node");
        for (int node : nodes) {
            if (node >= MerkleTree.size(level)) {
                throw new MalformedMessageException("tree node " + node + " is not on level " + level);
            }
        }
        return new RepairMessage.Tree(topology, first, last, level, nodes);
    }

    private static RepairMessage.Buckets readBuckets(WireReader r) {
        long session = r.readVarLong();
        long topology = r.readFixedLong();
        int[] slots = readInts(r, HashSlots.SLOT_COUNT, "slot");
        int[] counts = new int[slots.length];
        for (int i = 0; i < slots.length; i++) {
            int log2 = r.readByte();
            if (log2 > Integer.numberOfTrailingZeros(SlotBuckets.BUCKETS_MAX)) {
                throw new MalformedMessageException("bucket count 2^" + log2 + " over " + SlotBuckets.BUCKETS_MAX);
            }
            counts[i] = 1 << log2;
        }
        checkSlots(slots);
        return new RepairMessage.Buckets(session, topology, slots, counts);
    }

    private static RepairMessage.BucketHashes readBucketHashes(WireReader r) {
        int count = r.readCount(HashSlots.SLOT_COUNT, 1, "slot");
        int[][] hashes = new int[count][];
        for (int i = 0; i < count; i++) {
            hashes[i] = new int[r.readCount(SlotBuckets.BUCKETS_MAX, Integer.BYTES, "bucket hash")];
            for (int b = 0; b < hashes[i].length; b++) {
                hashes[i][b] = r.readByte() << 24 | r.readByte() << 16 | r.readByte() << 8 | r.readByte();
            }
        }
        return new RepairMessage.BucketHashes(hashes);
    }

    private static RepairMessage.Keys readKeys(WireReader r) {
        long session = r.readVarLong();
        int[] slots = readInts(r, ITEMS_MAX, "bucket slot");
        int[] buckets = new int[slots.length];
        for (int i = 0; i < slots.length; i++) {
            buckets[i] = r.readVarInt(SlotBuckets.BUCKETS_MAX - 1, "bucket");
            if (slots[i] >= HashSlots.SLOT_COUNT) {
                throw new MalformedMessageException("slot " + slots[i] + " out of range");
            }
        }
        return new RepairMessage.Keys(session, slots, buckets);
    }

    private static RepairMessage.KeyDigests readKeyDigests(WireReader r) {
        int count = r.readCount(ITEMS_MAX, 1, "bucket");
        List<List<KeyDigest>> buckets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int keys = r.readCount(ITEMS_MAX, KEY_DIGEST_BYTES, "key digest");
            List<KeyDigest> bucket = new ArrayList<>(keys);
            for (int k = 0; k < keys; k++) {
                bucket.add(new KeyDigest(r.readFixedLong(), r.readFixedLong()));
            }
            buckets.add(bucket);
        }
        return new RepairMessage.KeyDigests(buckets);
    }

    private static void writeInts(WireWriter w, int[] values) {
        w.writeVarInt(values.length);
        for (int v : values) {
            w.writeVarInt(v);
        }
    }

    private static int[] readInts(WireReader r, int max, String what) {
        int count = r.readCount(ITEMS_MAX, 1, what);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = r.readVarInt(max, what);
        }
        return out;
    }

    private static void writeHashes(WireWriter w, long[] hashes) {
        w.writeVarInt(hashes.length);
        for (long h : hashes) {
            w.writeFixedLong(h);
        }
    }

    private static long[] readHashes(WireReader r, int max) {
        int count = r.readCount(max, Long.BYTES, "hash");
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = r.readFixedLong();
        }
        return out;
    }

    private static void writeRecords(WireWriter w, List<RepairRecord> records) {
        w.writeVarInt(records.size());
        for (RepairRecord rr : records) {
            Record rec = rr.record();
            w.writeVarInt(rr.key().length).writeBytes(rr.key());
            w.writeVarInt(rec.value().length).writeBytes(rec.value());
            w.writeVarLong(rec.expireAtMs());
            w.writeVarInt(rec.versionMeta().length).writeBytes(rec.versionMeta());
        }
    }

    private static List<RepairRecord> readRecords(WireReader r) {
        int count = r.readCount(ITEMS_MAX, RECORD_BYTES_MIN, "record");
        List<RepairRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] key = r.readBytes(r.readVarInt(Integer.MAX_VALUE, "key length"), "key");
            byte[] value = r.readBytes(r.readVarInt(Integer.MAX_VALUE, "value length"), "value");
            long expireAtMs = r.readVarLong();
            byte[] meta = r.readBytes(r.readVarInt(Integer.MAX_VALUE, "meta length"), "version meta");
            if (expireAtMs < 0) {
                throw new MalformedMessageException("negative expiry " + expireAtMs);
            }
            out.add(new RepairRecord(key, new Record(value, expireAtMs, meta)));
        }
        return out;
    }

    private static void checkSlots(int[] slots) {
        for (int i = 1; i < slots.length; i++) {
            if (slots[i] <= slots[i - 1]) {
                throw new MalformedMessageException("slots must ascend: " + slots[i - 1] + " then " + slots[i]);
            }
        }
    }
}
