package io.coterie.storage;

import java.util.Arrays;
import net.openhft.chronicle.bytes.BytesStore;

/**
 * A growable byte array reused by one thread to encode log entries and records without allocating
 * per write. Grows on demand; {@link #reset()} gives memory back after an unusually large write so a
 * thread does not keep a megabyte array alive for one big value.
 */
final class ScratchBuffer {

    /** Capacity kept between writes; anything bigger is dropped on reset. */
    static final int RETAINED_BYTES_MAX = 64 * 1024;
    private static final int INITIAL_BYTES = 512;

    private byte[] bytes = new byte[INITIAL_BYTES];
    private BytesStore<?, byte[]> chronicleView = BytesStore.wrap(bytes);
    private int length;

    void reset() {
        length = 0;
        if (bytes.length > RETAINED_BYTES_MAX) {
            bytes = new byte[INITIAL_BYTES];
            chronicleView = BytesStore.wrap(bytes);
        }
    }

    int length() {
        return length;
    }

    byte[] array() {
        return bytes;
    }

    /** The same array as a Chronicle {@link BytesStore}, valid until the next write that grows it. */
    BytesStore<?, byte[]> chronicleView() {
        return chronicleView;
    }

    void writeByte(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    void writeInt(int v) {
        ensure(4);
        putInt(bytes, length, v);
        length += 4;
    }

    void writeLong(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            bytes[length++] = (byte) (v >>> (i * 8));
        }
    }

    /** Unsigned LEB128: 1 byte for small numbers such as "no expiry" and short lengths. */
    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[length++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[length++] = (byte) v;
    }

    void write(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, bytes, length, len);
        length += len;
    }

    void write(byte[] src) {
        write(src, 0, src.length);
    }

    void putIntAt(int pos, int v) {
        putInt(bytes, pos, v);
    }

    private static void putInt(byte[] a, int pos, int v) {
        a[pos] = (byte) (v >>> 24);
        a[pos + 1] = (byte) (v >>> 16);
        a[pos + 2] = (byte) (v >>> 8);
        a[pos + 3] = (byte) v;
    }

    private void ensure(int extra) {
        int needed = length + extra;
        if (needed < 0) {
            throw new IllegalArgumentException("entry larger than 2 GiB");
        }
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, bytes.length * 2L)));
            chronicleView = BytesStore.wrap(bytes);
        }
    }
}
