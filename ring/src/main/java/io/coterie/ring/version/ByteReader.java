package io.coterie.ring.version;

import io.coterie.ring.NodeId;

/**
 * Reads what {@link ByteWriter} writes, defensively: every read checks the bytes are there, and
 * every declared count or length is checked against the bytes that remain <em>before</em> anything
 * is allocated, so garbage or a hostile peer gets a {@link VersionDecodeException}, never an
 * OutOfMemoryError.
 */
final class ByteReader {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] bytes;
    private int position;

    ByteReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int readByte() {
        need(1, "a byte");
        return bytes[position++] & 0xFF;
    }

    long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1, "a varint");
            int b = bytes[position++] & 0xFF;
            if (shift == 63 && b > 1) {
                throw new VersionDecodeException("varint overflows 64 bits at byte " + (position - 1));
            }
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new VersionDecodeException("varint longer than 10 bytes at byte " + position);
    }

    /** A varint that must be a count or length in [min, max]. */
    int readCount(String what, int min, int max) {
        long v = readVarLong();
        if (v < min || v > max) {
            throw new VersionDecodeException(what + " must be " + min + ".." + max + ", was " + Long.toUnsignedString(v));
        }
        return (int) v;
    }

    long readLong() {
        need(8, "a 64-bit value");
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    byte[] readBytes(String what) {
        long declared = readVarLong();
        if (declared < 0 || declared > remaining()) {
            throw new VersionDecodeException(what + " length " + Long.toUnsignedString(declared) + " exceeds the " + remaining() + " bytes left");
        }
        int length = (int) declared;
        byte[] out = new byte[length];
        System.arraycopy(bytes, position, out, 0, length);
        position += length;
        return out;
    }

    NodeId readNodeId() {
        need(ByteWriter.NODE_ID_BYTES, "a node id");
        char[] hex = new char[2 * ByteWriter.NODE_ID_BYTES];
        for (int i = 0; i < ByteWriter.NODE_ID_BYTES; i++) {
            int b = bytes[position++] & 0xFF;
            hex[2 * i] = HEX[b >>> 4];
            hex[2 * i + 1] = HEX[b & 0xF];
        }
        return new NodeId(new String(hex));
    }

    int remaining() {
        return bytes.length - position;
    }

    void expectEnd(String what) {
        if (position != bytes.length) {
            throw new VersionDecodeException(what + " has " + remaining() + " trailing bytes");
        }
    }

    private void need(int count, String what) {
        if (remaining() < count) {
            throw new VersionDecodeException("truncated: expected " + what + " at byte " + position + " of " + bytes.length);
        }
    }
}
