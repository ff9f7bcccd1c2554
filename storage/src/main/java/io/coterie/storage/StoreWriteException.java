package io.coterie.storage;

/**
 * The commit log could not be written (disk full, I/O error, or the disk cannot keep up within the
 * wait limit). The write that raised it was not applied; writes acknowledged earlier are intact.
 * The server should answer an error for the command, as Redis answers {@code -MISCONF} when its AOF
 * cannot be written.
 */
public final class StoreWriteException extends RuntimeException {

    public StoreWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
