package io.coterie.ring.version;

/** Bytes that are not a valid encoding: truncated, corrupt, or declaring more than they can hold. */
public final class VersionDecodeException extends IllegalArgumentException {

    public VersionDecodeException(String message) {
        super(message);
    }
}
