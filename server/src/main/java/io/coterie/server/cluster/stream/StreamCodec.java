package io.coterie.server.cluster.stream;

import io.coterie.ring.placement.HashSlots;
import io.coterie.server.cluster.bus.BusMessageTypes;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.server.cluster.gossip.WireReader;
import io.coterie.server.cluster.gossip.WireWriter;
import io.coterie.storage.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes of {@link StreamMessage}s, with {@link WireWriter}/{@link WireReader}'s encodings. Layout in
 * docs/streaming.md; decoding is strict like the gossip codec's: truncation, trailing bytes, an unknown version or
 * tag, or a count the remaining bytes cannot hold throw {@link MalformedMessageException}.
 */
public final class StreamCodec {

    public static final int CODEC_VERSION = 1;

    public static final int OPEN_TYPE = BusMessageTypes.STREAM_FIRST;
    public static final int NEXT_TYPE = BusMessageTypes.STREAM_FIRST + 1;
    public static final int CLOSE_TYPE = BusMessageTypes.STREAM_FIRST + 2;
    public static final int APPLY_TYPE = BusMessageTypes.STREAM_FIRST + 3;

    // Tags of responses: never bus frame types, but kept distinct from them so a payload names what it is.
    private static final int OPENED_TAG = 1;
    private static final int BATCH_TAG = 2;
    private static final int APPLIED_TAG = 3;

    /** Records in one batch: far above what 1 MiB of records holds, low enough to refuse a lying count. */
    static final int RECORDS_PER_BATCH_MAX = 1 << 20;
    /** key length + key + value length + value + expiry + meta length: at least 4 bytes per record. */
    private static final int RECORD_BYTES_MIN = 4;

    private StreamCodec() {
    }

    /** The bus frame type of a request or one-way message; responses have none. */
    public static int typeOf(StreamMessage message) {
        if (message instanceof StreamMessage.Open) {
            return OPEN_TYPE;
        } else if (message instanceof StreamMessage.Next) {
            return NEXT_TYPE;
        } else if (message instanceof StreamMessage.Close) {
            return CLOSE_TYPE;
        } else if (message instanceof StreamMessage.Apply) {
            return APPLY_TYPE;
        }
        throw new IllegalArgumentException(message + " is a response and travels without a frame type");
    }

    public static byte[] encode(StreamMessage message) {
        WireWriter w = new WireWriter(64);
        w.writeByte(CODEC_VERSION);
        if (message instanceof StreamMessage.Open m) {
            w.writeByte(OPEN_TYPE);
            writeSlots(w, m.slots());
            w.writeVarLong(m.resumeCursor());
        } else if (message instanceof StreamMessage.Opened m) {
            w.writeByte(OPENED_TAG).writeVarLong(m.sessionId());
        } else if (message instanceof StreamMessage.Next m) {
            w.writeByte(NEXT_TYPE).writeVarLong(m.sessionId()).writeVarLong(m.seq());
        } else if (message instanceof StreamMessage.Batch m) {
            w.writeByte(BATCH_TAG).writeVarLong(m.seq()).writeVarLong(m.resumeCursor()).writeByte(m.done() ? 1 : 0);
            writeRecords(w, m.records());
        } else if (message instanceof StreamMessage.Close m) {
            w.writeByte(CLOSE_TYPE).writeVarLong(m.sessionId());
        } else if (message instanceof StreamMessage.Apply m) {
            w.writeByte(APPLY_TYPE);
            writeSlots(w, m.slots());
            writeRecords(w, m.records());
        } else if (message instanceof StreamMessage.Applied m) {
            w.writeByte(APPLIED_TAG).writeVarInt(m.stored());
        } else {
            throw new IllegalStateException("unhandled stream message " + message);
        }
        return w.toByteArray();
    }

    public static StreamMessage decode(byte[] payload) {
        WireReader r = new WireReader(payload);
        int version = r.readByte();
        if (version != CODEC_VERSION) {
            throw new MalformedMessageException("stream codec version " + version + ", expected " + CODEC_VERSION);
        }
        int tag = r.readByte();
        StreamMessage message;
        try {
            message = switch (tag) {
                case OPEN_TYPE -> new StreamMessage.Open(readSlots(r), r.readVarLong());
                case OPENED_TAG -> new StreamMessage.Opened(r.readVarLong());
                case NEXT_TYPE -> new StreamMessage.Next(r.readVarLong(), r.readVarLong());
                case BATCH_TAG -> {
                    long seq = r.readVarLong();
                    long resumeCursor = r.readVarLong();
                    boolean done = readFlag(r);
                    yield new StreamMessage.Batch(seq, readRecords(r), resumeCursor, done);
                }
                case CLOSE_TYPE -> new StreamMessage.Close(r.readVarLong());
                case APPLY_TYPE -> new StreamMessage.Apply(readSlots(r), readRecords(r));
                case APPLIED_TAG -> new StreamMessage.Applied(r.readVarInt(RECORDS_PER_BATCH_MAX, "stored"));
                default -> throw new MalformedMessageException("unknown stream message tag " + tag);
            };
        } catch (MalformedMessageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("stream message refused: " + e.getMessage(), e);
        }
        r.expectEnd("stream message");
        return message;
    }

    /** Decodes a response and checks it is the kind the request expects. */
    public static <T extends StreamMessage> T decodeAs(byte[] payload, Class<T> kind) {
        StreamMessage message = decode(payload);
        if (!kind.isInstance(message)) {
            throw new MalformedMessageException("expected " + kind.getSimpleName() + ", got " + message);
        }
        return kind.cast(message);
    }

    /** Ascending slots as deltas: a whole-ring session of 16384 slots costs 16 KiB, not 64. */
    private static void writeSlots(WireWriter w, int[] slots) {
        w.writeVarInt(slots.length);
        int previous = -1;
        for (int slot : slots) {
            w.writeVarInt(slot - previous - 1);
            previous = slot;
        }
    }

    private static int[] readSlots(WireReader r) {
        int count = r.readCount(HashSlots.SLOT_COUNT, 1, "slot");
        int[] slots = new int[count];
        int previous = -1;
        for (int i = 0; i < count; i++) {
            slots[i] = previous + 1 + r.readVarInt(HashSlots.SLOT_COUNT, "slot delta");
            previous = slots[i];
        }
        return slots;
    }

    private static void writeRecords(WireWriter w, List<StreamedRecord> records) {
        w.writeVarInt(records.size());
        for (StreamedRecord sr : records) {
            Record rec = sr.record();
            w.writeVarInt(sr.key().length).writeBytes(sr.key());
            w.writeVarInt(rec.value().length).writeBytes(rec.value());
            w.writeVarLong(rec.expireAtMs());
            w.writeVarInt(rec.versionMeta().length).writeBytes(rec.versionMeta());
        }
    }

    private static List<StreamedRecord> readRecords(WireReader r) {
        int count = r.readCount(RECORDS_PER_BATCH_MAX, RECORD_BYTES_MIN, "record");
        List<StreamedRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] key = readBlob(r, "key");
            byte[] value = readBlob(r, "value");
            long expireAtMs = r.readVarLong();
            byte[] meta = readBlob(r, "versionMeta");
            records.add(new StreamedRecord(key, new Record(value, expireAtMs, meta)));
        }
        return records;
    }

    /** A length-prefixed byte string; the length is checked against the bytes left before anything is allocated. */
    private static byte[] readBlob(WireReader r, String what) {
        int length = r.readVarInt(Integer.MAX_VALUE, what + " length");
        return r.readBytes(length, what);
    }

    private static boolean readFlag(WireReader r) {
        int flag = r.readByte();
        if (flag > 1) {
            throw new MalformedMessageException("done flag must be 0 or 1, got " + flag);
        }
        return flag == 1;
    }
}
