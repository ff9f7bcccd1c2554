package io.coterie.server.cluster.stream;

/** A slot move failed: retries exhausted, the peer refused, or the peer sent something the protocol forbids. */
public final class StreamException extends RuntimeException {

    public StreamException(String message) {
        super(message);
    }

    public StreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
