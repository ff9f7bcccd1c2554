package io.coterie.storage;

import net.openhft.chronicle.bytes.RandomDataInput;

/**
 * Byte layout of one record, as stored in the map and inside commit-log entries.
 *
 * <pre>
 * byte     format version (1)                 lets the layout evolve without a migration step
 * byte     flags: bit 0 = value in a blob file
 * varlong  expireAtMs (0 = no expiry)          absolute, so a TTL survives restarts
 * varlong  version-metadata length, then the metadata bytes
 * inline:  the value bytes (the rest of the record)
 * blob:    8-byte blob id, varlong value length
 * </pre>
 *
 * The commit log always carries the inline form (it must replay on its own); the map holds the
 * blob form for records too large for a Chronicle entry (see {@link BlobStore}).
 */
final class RecordCodec {

    static final int FORMAT_V1 = 1;
    static final int FLAG_BLOB = 1;

    private RecordCodec() {}

    /** Appends the inline form of {@code r}. */
    static void encodeInline(Record r, ScratchBuffer out) {
        encodeHeader(r, 0, out);
        out.write(r.value());
    }

    /** Appends the blob-reference form of {@code r}, whose value lives in blob {@code blobId}. */
    static void encodeBlobRef(Record r, long blobId, ScratchBuffer out) {
        encodeHeader(r, FLAG_BLOB, out);
        out.writeLong(blobId);
        out.writeVarLong(r.value().length);
    }

    /** Size of the inline form, to decide inline versus blob before encoding. */
    static long inlineLength(Record r) {
        return 2 + varLongLength(r.expireAtMs()) + varLongLength(r.versionMeta().length)
                + r.versionMeta().length + (long) r.value().length;
    }

    private static void encodeHeader(Record r, int flags, ScratchBuffer out) {
        out.writeByte(FORMAT_V1);
        out.writeByte(flags);
        out.writeVarLong(r.expireAtMs());
        out.writeVarLong(r.versionMeta().length);
        out.write(r.versionMeta());
    }

    static int varLongLength(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /** One byte of an encoded record, from the map's memory or from a copy on the heap. */
    @FunctionalInterface
    private interface ByteAt {
        byte byteAt(long offset);
    }

    /** The fields of one encoded record, parsed in place; reused by one thread. */
    static final class View {
        long expireAtMs;
        long metaOffset;
        int metaLength;
        /** Inline value offset; unused for blobs. */
        long valueOffset;
        int valueLength;
        /** The blob holding the value, or -1 when the value is inline. */
        long blobId;
        long encodedLength;
        private long cursor;

        boolean isBlob() {
            return blobId >= 0;
        }

        boolean isExpiredAt(long nowMs) {
            return expireAtMs != Record.NO_EXPIRY && expireAtMs <= nowMs;
        }

        View parse(RandomDataInput in, long offset, long size) {
            mapBytes.in = in;
            parse(mapBytes, offset, size);
            mapBytes.in = null;
            return this;
        }

        /** Parses a record already copied out of the map (the read path: Chronicle's get is the fastest lookup). */
        View parse(byte[] bytes) {
            heapBytes.bytes = bytes;
            parse(heapBytes, 0, bytes.length);
            heapBytes.bytes = null;
            return this;
        }

        /** Reused sources: a capturing lambda per parse was a fifth of a SET's garbage. */
        private final MapBytes mapBytes = new MapBytes();
        private final HeapBytes heapBytes = new HeapBytes();

        private static final class MapBytes implements ByteAt {
            RandomDataInput in;

            @Override
            public byte byteAt(long offset) {
                return in.readByte(offset);
            }
        }

        private static final class HeapBytes implements ByteAt {
            byte[] bytes;

            @Override
            public byte byteAt(long offset) {
                return bytes[(int) offset];
            }
        }

        private View parse(ByteAt in, long offset, long size) {
            long end = offset + size;
            cursor = offset;
            int version = in.byteAt(cursor++) & 0xFF;
            if (version != FORMAT_V1) {
                throw new IllegalStateException("unknown record format version " + version);
            }
            int flags = in.byteAt(cursor++) & 0xFF;
            expireAtMs = readVarLong(in);
            metaLength = Math.toIntExact(readVarLong(in));
            metaOffset = cursor;
            cursor += metaLength;
            if ((flags & FLAG_BLOB) != 0) {
                blobId = readBigEndianLong(in);
                valueLength = Math.toIntExact(readVarLong(in));
                valueOffset = -1;
            } else {
                blobId = -1;
                valueOffset = cursor;
                valueLength = Math.toIntExact(end - cursor);
            }
            if (cursor > end || valueLength < 0) {
                throw new IllegalStateException("truncated record: " + size + " bytes");
            }
            encodedLength = size;
            return this;
        }

        byte[] copyMeta(byte[] bytes) {
            return metaLength == 0 ? Record.NO_META : java.util.Arrays.copyOfRange(bytes, (int) metaOffset, (int) metaOffset + metaLength);
        }

        byte[] copyInlineValue(byte[] bytes) {
            return valueLength == 0 ? Record.NO_META
                    : java.util.Arrays.copyOfRange(bytes, (int) valueOffset, (int) valueOffset + valueLength);
        }

        byte[] copyMeta(RandomDataInput in) {
            return copy(in, metaOffset, metaLength);
        }

        byte[] copyInlineValue(RandomDataInput in) {
            return copy(in, valueOffset, valueLength);
        }

        private static byte[] copy(RandomDataInput in, long offset, int length) {
            if (length == 0) {
                return Record.NO_META;
            }
            byte[] out = new byte[length];
            in.read(offset, out, 0, length);
            return out;
        }

        /** Big-endian, as {@link ScratchBuffer#writeLong} writes it (Chronicle's readLong is native order). */
        private long readBigEndianLong(ByteAt in) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (in.byteAt(cursor++) & 0xFF);
            }
            return v;
        }

        private long readVarLong(ByteAt in) {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = in.byteAt(cursor++);
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalStateException("malformed varlong in record");
        }
    }
}
