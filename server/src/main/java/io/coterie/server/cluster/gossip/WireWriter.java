package io.coterie.server.cluster.gossip;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends the bus's primitive encodings to a growing byte array: LEB128 varints (7 bits a byte, low bits first),
 * zigzag varints for values that are often small negatives, fixed big-endian longs for hashes, and length-prefixed
 * UTF-8 strings. {@link WireReader} reads the same encodings back with bounds checks.
 */
public final class WireWriter {

    private byte[] bytes;
    private int sizeBytes;

    public WireWriter(int initialCapacityBytes) {
        bytes = new byte[Math.max(16, initialCapacityBytes)];
    }

    public WireWriter writeByte(int value) {
        ensureRoom(1);
        bytes[sizeBytes++] = (byte) value;
        return this;
    }

    /** Unsigned LEB128 of the long's 64 bits: 1 byte below 128, 10 bytes for negative values. */
    public WireWriter writeVarLong(long value) {
        ensureRoom(10);
        while ((value & ~0x7FL) != 0) {
            bytes[sizeBytes++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[sizeBytes++] = (byte) value;
        return this;
    }

    /** A non-negative int (lengths, counts, ports) as an unsigned varint. */
    public WireWriter writeVarInt(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("a varint count or length must be >= 0, got " + value);
        }
        return writeVarLong(value);
    }

    /** Zigzag then varint, so -1 costs one byte instead of ten. */
    public WireWriter writeZigZagLong(long value) {
        return writeVarLong((value << 1) ^ (value >> 63));
    }

    public WireWriter writeFixedLong(long value) {
        ensureRoom(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[sizeBytes++] = (byte) (value >>> shift);
        }
        return this;
    }

    public WireWriter writeBytes(byte[] value) {
        ensureRoom(value.length);
        System.arraycopy(value, 0, bytes, sizeBytes, value.length);
        sizeBytes += value.length;
        return this;
    }

    /** Varint byte length then UTF-8; refuses strings the reader would refuse, so a bad value fails at its source. */
    public WireWriter writeString(String value, int maxBytes) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > maxBytes) {
            throw new IllegalArgumentException("string of " + utf8.length + " bytes exceeds " + maxBytes + ": " + value);
        }
        return writeVarInt(utf8.length).writeBytes(utf8);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, sizeBytes);
    }

    private void ensureRoom(int extraBytes) {
        if (bytes.length - sizeBytes < extraBytes) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, sizeBytes + extraBytes));
        }
    }
}
