package io.coterie.ring.version;

import io.coterie.ring.NodeId;

import java.util.Arrays;

/** Appends the compact binary forms used by version metadata: unsigned LEB128 varints, raw node ids. */
final class ByteWriter {

    private byte[] bytes = new byte[64];
    private int size;

    ByteWriter writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    /** Unsigned LEB128: seven bits per byte, high bit set on all but the last. Negative values take 10 bytes. */
    ByteWriter writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
        return this;
    }

    ByteWriter writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    ByteWriter writeBytes(byte[] b) {
        writeVarLong(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    /** A node id's 40 hex characters as their 20 raw bytes. */
    ByteWriter writeNodeId(NodeId id) {
        ensure(NODE_ID_BYTES);
        String hex = id.value();
        for (int i = 0; i < NODE_ID_BYTES; i++) {
            bytes[size++] = (byte) ((Character.digit(hex.charAt(2 * i), 16) << 4) | Character.digit(hex.charAt(2 * i + 1), 16));
        }
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    static final int NODE_ID_BYTES = 20;
}
