package io.coterie.server.cluster.bus.netty;

/** What a frame is for, with its explicit wire code (never the ordinal). */
enum FrameKind {
    /** One step of the connection handshake; the only kind accepted before it completes. */
    HANDSHAKE(0),
    /** Expects exactly one RESPONSE or ERROR_RESPONSE with the same correlation id. */
    REQUEST(1),
    RESPONSE(2),
    /** The handler failed the request; the payload is a UTF-8 message. */
    ERROR_RESPONSE(3),
    /** Fire-and-forget; correlation id 0. */
    ONE_WAY(4);

    final int code;

    FrameKind(int code) {
        this.code = code;
    }

    /** @return the kind, or null for an unknown code */
    static FrameKind ofCode(int code) {
        for (FrameKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}
