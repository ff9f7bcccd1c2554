package io.coterie.storage;

import java.util.List;

/**
 * One page of a SCAN over the store: the keys found and the cursor to continue from, 0 when done.
 * As in Redis, a key present for the whole scan is returned at least once; keys may repeat.
 */
public record ScanPage(List<byte[]> keys, long nextCursor) {

    public ScanPage {
        keys = List.copyOf(keys);
    }
}
