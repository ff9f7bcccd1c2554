package io.coterie.storage;

/**
 * The store cannot take this write: the map's configured capacity or {@code maxmemory} is reached.
 * The server answers {@code -OOM ...}; nothing was written and existing data is intact.
 */
public final class StoreFullException extends RuntimeException {

    public StoreFullException(String message) {
        super(message, null, false, false);
    }

    public StoreFullException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
