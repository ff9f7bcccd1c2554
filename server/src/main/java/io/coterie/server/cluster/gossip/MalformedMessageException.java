package io.coterie.server.cluster.gossip;

/**
 * Bytes that do not decode to a message: truncated, trailing garbage, a length or count beyond its limit, or a value
 * the message records reject. An {@link IllegalArgumentException} because the input, not the node, is at fault: the
 * receiver drops the frame (and may log the sender) and carries on.
 */
public final class MalformedMessageException extends IllegalArgumentException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
