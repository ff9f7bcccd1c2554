package io.coterie.ring.placement;

/**
 * A key's position: Redis Cluster's hash slot, CRC16-XMODEM(key) mod 16384, honouring {hash tags}
 * exactly as Redis's {@code keyHashSlot} in cluster.c does, so cluster-aware clients compute the same
 * slot we do. Keys are bytes: binary-safe, no charset involved.
 */
public final class HashSlots {

    public static final int SLOT_COUNT = 16384;

    private static final int[] CRC16_TABLE = crc16Table();

    private HashSlots() {
    }

    /**
     * The slot of {@code key}. If the key contains a '{' followed later by a '}' with at least one
     * byte between them, only the bytes between the first '{' and the first '}' after it are hashed;
     * otherwise (no braces, or an empty tag "{}") the whole key is hashed.
     */
    public static int slotOf(byte[] key) {
        int open = indexOf(key, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(key, (byte) '}', open + 1);
            if (close > open + 1) {
                return crc16(key, open + 1, close) & (SLOT_COUNT - 1);
            }
        }
        return crc16(key, 0, key.length) & (SLOT_COUNT - 1);
    }

    /** CRC16-CCITT in the XMODEM variant (poly 0x1021, init 0, no reflection), over key[from, to). */
    public static int crc16(byte[] key, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ CRC16_TABLE[((crc >>> 8) ^ key[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    private static int indexOf(byte[] key, byte b, int from) {
        for (int i = from; i < key.length; i++) {
            if (key[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int[] crc16Table() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            table[i] = crc & 0xFFFF;
        }
        return table;
    }
}
