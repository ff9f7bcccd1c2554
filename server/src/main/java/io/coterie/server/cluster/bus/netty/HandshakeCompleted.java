package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;

/** Pipeline event fired once the peer is authenticated: frames may flow, and {@code peer} is who sent them. */
record HandshakeCompleted(BusAddress peer) {
}
