package io.coterie.server.cluster.bus.netty;

/**
 * Every bound the Netty bus enforces, each named with its unit.
 *
 * @param frameBytesMax             largest frame (header + payload) accepted or sent once a peer is authenticated;
 *                                  checked from the length prefix, before the frame is buffered
 * @param handshakeFrameBytesMax    largest frame an unauthenticated peer may send: it gets almost nothing
 * @param handshakeTimeoutMs        a connection that has not completed the handshake by then is closed
 * @param connectTimeoutMs          TCP connect timeout to a peer
 * @param outboundQueueBytesMax     per peer: bytes of frames queued or being written; beyond it one-way sends are
 *                                  dropped (and counted) and requests fail fast
 * @param requestsInFlightMax       per peer: requests awaiting their response; beyond it requests fail fast
 * @param reconnectBackoffInitialMs wait after the first failed connection attempt; doubles per failure
 * @param reconnectBackoffMaxMs     cap of that wait; while waiting, sends to the peer fail fast
 */
public record BusLimits(
        int frameBytesMax,
        int handshakeFrameBytesMax,
        long handshakeTimeoutMs,
        int connectTimeoutMs,
        long outboundQueueBytesMax,
        int requestsInFlightMax,
        long reconnectBackoffInitialMs,
        long reconnectBackoffMaxMs) {

    public BusLimits {
        if (frameBytesMax < BusFrame.HEADER_BYTES || handshakeFrameBytesMax < 256 || handshakeFrameBytesMax > frameBytesMax
                || handshakeTimeoutMs <= 0 || connectTimeoutMs <= 0 || outboundQueueBytesMax < frameBytesMax
                || requestsInFlightMax < 1 || reconnectBackoffInitialMs <= 0 || reconnectBackoffMaxMs < reconnectBackoffInitialMs) {
            // Not `this`: a compact constructor assigns the fields only after this body.
            throw new IllegalArgumentException("invalid bus limits: frameBytesMax=" + frameBytesMax
                    + " handshakeFrameBytesMax=" + handshakeFrameBytesMax + " handshakeTimeoutMs=" + handshakeTimeoutMs
                    + " connectTimeoutMs=" + connectTimeoutMs + " outboundQueueBytesMax=" + outboundQueueBytesMax
                    + " requestsInFlightMax=" + requestsInFlightMax + " reconnectBackoffInitialMs="
                    + reconnectBackoffInitialMs + " reconnectBackoffMaxMs=" + reconnectBackoffMaxMs);
        }
    }

    /** 64 MiB frames, 1 KiB before authentication, 5 s handshake, 128 MiB queued per peer, backoff 100 ms to 5 s. */
    public static BusLimits defaults() {
        return new BusLimits(64 << 20, 1024, 5_000, 2_000, 128L << 20, 65_536, 100, 5_000);
    }

    public BusLimits withFrameBytesMax(int bytes) {
        return new BusLimits(bytes, Math.min(handshakeFrameBytesMax, bytes), handshakeTimeoutMs, connectTimeoutMs,
                Math.max(outboundQueueBytesMax, bytes), requestsInFlightMax, reconnectBackoffInitialMs, reconnectBackoffMaxMs);
    }

    public BusLimits withOutboundQueueBytesMax(long bytes) {
        return new BusLimits(frameBytesMax, handshakeFrameBytesMax, handshakeTimeoutMs, connectTimeoutMs, bytes,
                requestsInFlightMax, reconnectBackoffInitialMs, reconnectBackoffMaxMs);
    }

    public BusLimits withReconnectBackoffMs(long initialMs, long maxMs) {
        return new BusLimits(frameBytesMax, handshakeFrameBytesMax, handshakeTimeoutMs, connectTimeoutMs,
                outboundQueueBytesMax, requestsInFlightMax, initialMs, maxMs);
    }

    public BusLimits withRequestsInFlightMax(int requests) {
        return new BusLimits(frameBytesMax, handshakeFrameBytesMax, handshakeTimeoutMs, connectTimeoutMs,
                outboundQueueBytesMax, requests, reconnectBackoffInitialMs, reconnectBackoffMaxMs);
    }

    public BusLimits withHandshakeTimeoutMs(long ms) {
        return new BusLimits(frameBytesMax, handshakeFrameBytesMax, ms, connectTimeoutMs, outboundQueueBytesMax,
                requestsInFlightMax, reconnectBackoffInitialMs, reconnectBackoffMaxMs);
    }

    /** Wait before the next attempt after {@code consecutiveFailures} failed ones: initial * 2^(n-1), capped. */
    long reconnectBackoffMs(int consecutiveFailures) {
        int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 30);
        return Math.min(reconnectBackoffMaxMs, reconnectBackoffInitialMs << doublings);
    }
}
