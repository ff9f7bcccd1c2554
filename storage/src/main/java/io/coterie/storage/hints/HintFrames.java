package io.coterie.storage.hints;

import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Frame bodies of a hint segment ({@link io.coterie.storage.FramedFile} frames; the CRC has been checked
 * before a body is decoded). Big-endian, fixed widths:
 *
 * <pre>
 * HINT    byte 1, long id, long createdMs, int key length, key, payload (the rest)
 * FORGET  byte 2, int count, count × long id     hints delivered or dropped: not to be reloaded
 * </pre>
 */
final class HintFrames {

    static final byte HINT = 1;
    static final byte FORGET = 2;
    private static final int HINT_HEADER_BYTES = 1 + 8 + 8 + 4;

    private HintFrames() {}

    /** A decoded body. */
    sealed interface Frame {
    }

    record Hint(long id, long createdMs, byte[] key, byte[] payload) implements Frame {
        StoredHint toStored(String target) {
            return new StoredHint(id, target, key, payload, createdMs);
        }
    }

    record Forget(List<Long> ids) implements Frame {
    }

    static byte[] hint(StoredHint h) {
        return ByteBuffer.allocate(HINT_HEADER_BYTES + h.key().length + h.payload().length)
                .put(HINT).putLong(h.id()).putLong(h.createdMs()).putInt(h.key().length).put(h.key()).put(h.payload())
                .array();
    }

    static byte[] forget(Collection<Long> ids) {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 8 * ids.size()).put(FORGET).putInt(ids.size());
        ids.forEach(b::putLong);
        return b.array();
    }

    /** @throws IllegalStateException on a body no writer of this format produces */
    static Frame decode(byte[] body) {
        ByteBuffer b = ByteBuffer.wrap(body);
        try {
            byte type = b.get();
            if (type == HINT) {
                long id = b.getLong();
                long createdMs = b.getLong();
                int keyLength = b.getInt();
                if (keyLength < 0 || keyLength > b.remaining()) {
                    throw new IllegalStateException("hint key length " + keyLength + " out of range");
                }
                byte[] key = new byte[keyLength];
                b.get(key);
                return new Hint(id, createdMs, key, Arrays.copyOfRange(body, b.position(), body.length));
            }
            if (type == FORGET) {
                int count = b.getInt();
                if (count < 0 || (long) count * 8 != b.remaining()) {
                    throw new IllegalStateException("forget count " + count + " does not match " + b.remaining() + " bytes");
                }
                Long[] ids = new Long[count];
                for (int i = 0; i < count; i++) {
                    ids[i] = b.getLong();
                }
                return new Forget(List.of(ids));
            }
            throw new IllegalStateException("unknown hint frame type " + type);
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException("truncated hint frame body", e);
        }
    }
}
