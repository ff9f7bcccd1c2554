package io.coterie.server.cluster.bus;

/** A bus request failed: the peer is unreachable or refused us, or its handler answered with an error. */
public final class BusException extends RuntimeException {

    public BusException(String message) {
        super(message, null, false, false);
    }

    public BusException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
