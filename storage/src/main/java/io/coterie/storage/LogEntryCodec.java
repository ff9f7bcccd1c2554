package io.coterie.storage;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Byte layout of one commit-log entry: a {@link FramedFile} frame.
 *
 * <pre>
 * int      body length (big-endian)
 * int      CRC32C of the body             a torn or garbled tail fails this and is never applied
 * body:
 *   byte     type: 1 = PUT, 2 = REMOVE, 3 = CLEAR
 *   varlong  key length, then the key      (PUT, REMOVE)
 *   bytes    the record, inline form of {@link RecordCodec} (PUT; the rest of the body)
 * </pre>
 */
final class LogEntryCodec {

    static final int HEADER_BYTES = FramedFile.FRAME_HEADER_BYTES;
    static final byte TYPE_PUT = 1;
    static final byte TYPE_REMOVE = 2;
    static final byte TYPE_CLEAR = 3;

    private LogEntryCodec() {}

    /**
     * Appends a PUT entry for {@code key} and {@code record} to {@code out}.
     *
     * @return the offset in {@code out} where the inline record starts (it runs to the entry's end),
     *     so the caller can store the same bytes in the map without encoding twice
     */
    static int encodePut(byte[] key, Record record, ScratchBuffer out) {
        int start = beginEntry(TYPE_PUT, out);
        out.writeVarLong(key.length);
        out.write(key);
        int recordOffset = out.length();
        RecordCodec.encodeInline(record, out);
        endEntry(start, out);
        return recordOffset;
    }

    static void encodeRemove(byte[] key, ScratchBuffer out) {
        int start = beginEntry(TYPE_REMOVE, out);
        out.writeVarLong(key.length);
        out.write(key);
        endEntry(start, out);
    }

    static void encodeClear(ScratchBuffer out) {
        endEntry(beginEntry(TYPE_CLEAR, out), out);
    }

    private static int beginEntry(byte type, ScratchBuffer out) {
        int start = out.length();
        out.writeInt(0);
        out.writeInt(0);
        out.writeByte(type);
        return start;
    }

    private static void endEntry(int start, ScratchBuffer out) {
        int bodyOffset = start + HEADER_BYTES;
        int bodyLength = out.length() - bodyOffset;
        out.putIntAt(start, bodyLength);
        out.putIntAt(start + 4, crc(out.array(), bodyOffset, bodyLength));
    }

    static int crc(byte[] bytes, int offset, int length) {
        return FramedFile.crc(bytes, offset, length);
    }

    /** Decodes a body whose CRC has already been checked. */
    static LogEntry decodeBody(byte[] body) {
        if (body.length == 0) {
            throw new IllegalStateException("empty log entry body");
        }
        byte type = body[0];
        if (type == TYPE_CLEAR) {
            return new LogEntry.Clear();
        }
        int[] pos = {1};
        int keyLength = Math.toIntExact(readVarLong(body, pos));
        if (keyLength < 0 || pos[0] + keyLength > body.length) {
            throw new IllegalStateException("log entry key length out of range: " + keyLength);
        }
        byte[] key = java.util.Arrays.copyOfRange(body, pos[0], pos[0] + keyLength);
        int recordOffset = pos[0] + keyLength;
        switch (type) {
            case TYPE_REMOVE:
                return new LogEntry.Remove(key);
            case TYPE_PUT:
                return new LogEntry.Put(key, decodeInlineRecord(body, recordOffset, body.length - recordOffset));
            default:
                throw new IllegalStateException("unknown log entry type " + type);
        }
    }

    static Record decodeInlineRecord(byte[] bytes, int offset, int length) {
        BytesStore<?, byte[]> in = BytesStore.wrap(bytes);
        RecordCodec.View v = new RecordCodec.View().parse(in, offset, length);
        if (v.isBlob()) {
            throw new IllegalStateException("log entry holds a blob reference instead of a value");
        }
        return new Record(v.copyInlineValue(in), v.expireAtMs, v.copyMeta(in));
    }

    private static long readVarLong(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                throw new IllegalStateException("truncated varlong in log entry");
            }
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalStateException("malformed varlong in log entry");
    }
}
