package io.coterie.server.cluster.bus.netty;

import java.util.Objects;

/**
 * One bus frame after the length prefix: header and payload (layout in docs/bus-protocol.md).
 *
 * @param type          the subsystem's message type ({@link io.coterie.server.cluster.bus.BusMessageTypes}), or the
 *                      handshake step for {@link FrameKind#HANDSHAKE}
 * @param correlationId pairs a RESPONSE or ERROR_RESPONSE with its REQUEST; 0 otherwise
 */
record BusFrame(FrameKind kind, int type, long correlationId, byte[] payload) {

    /** First header byte: cheap detection of a peer that is not speaking this protocol at all. */
    static final int MAGIC = 0xC7;
    /** Second header byte: the bus protocol version; peers must match exactly. */
    static final int PROTOCOL_VERSION = 1;
    /** magic(1) + version(1) + kind(1) + type(4) + correlation id(8). */
    static final int HEADER_BYTES = 15;
    /** The big-endian length prefix in front of every frame, not counted in the frame's length. */
    static final int LENGTH_PREFIX_BYTES = 4;

    BusFrame {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
    }

    /** Bytes this frame occupies in a frame-size limit (header + payload). */
    int frameBytes() {
        return HEADER_BYTES + payload.length;
    }
}
