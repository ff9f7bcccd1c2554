package io.coterie.server.cluster.repair;

/** A repair session with one peer failed (unreachable, refused, a malformed answer, the store full); the peer is skipped. */
public final class RepairException extends Exception {

    public RepairException(String message) {
        super(message);
    }

    public RepairException(String message, Throwable cause) {
        super(message, cause);
    }
}
