package io.coterie.server.cluster.bus;

import io.coterie.ring.membership.BusAddress;

/** Handles one type of incoming bus frame. */
@FunctionalInterface
public interface BusHandler {

    /**
     * @param from      the sender's advertised bus address (proven by the handshake, not the socket's port)
     * @param payload   the frame's bytes
     * @param responder for a request, answer exactly once (possibly later, from any thread);
     *                  for a one-way {@link Transport#send} it is {@link BusResponder#NONE}
     */
    void handle(BusAddress from, byte[] payload, BusResponder responder);
}
