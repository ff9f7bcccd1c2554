package io.coterie.server.cluster.bus;

/** A bus request failed: the peer is unreachable or refused us, or its handler answered with an error. */
public final class BusException extends RuntimeException {

    private final boolean notSent;

    public BusException(String message) {
        this(message, null, false);
    }

    public BusException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private BusException(String message, Throwable cause, boolean notSent) {
        super(message, cause, false, false);
        this.notSent = notSent;
    }

    /** The request never left this node (peer unreachable, refused locally, transport closed): it surely did not run. */
    public static BusException notSent(String message) {
        return new BusException(message, null, true);
    }

    public boolean notSent() {
        return notSent;
    }
}
