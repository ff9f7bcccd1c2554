package io.coterie.server.net;

/**
 * The client broke RESP (or a limit on it); the text follows "Protocol error: " in the reply,
 * after which the connection is closed, as Redis does.
 */
public final class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
