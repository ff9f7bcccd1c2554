package io.coterie.server.cluster.bus.netty;

/**
 * A snapshot of the bus counters since start, for INFO.
 *
 * @param framesIn           frames received on all connections, handshake frames included
 * @param framesOut          frames written
 * @param bytesIn            bytes received, length prefixes included
 * @param bytesOut           bytes written, length prefixes included
 * @param handshakesRefused  connections this node refused: wrong or missing secret, version mismatch, non-loopback
 *                           peer without a secret, malformed or timed-out handshake
 * @param sendsDropped       one-way sends dropped: queue full, peer unreachable or backing off, transport closed
 * @param inboundDropped     frames received and discarded: one-way of an unknown type, late responses
 * @param reconnects         connection attempts to a peer after its first
 */
public record BusStats(
        long framesIn,
        long framesOut,
        long bytesIn,
        long bytesOut,
        long handshakesRefused,
        long sendsDropped,
        long inboundDropped,
        long reconnects) {
}
