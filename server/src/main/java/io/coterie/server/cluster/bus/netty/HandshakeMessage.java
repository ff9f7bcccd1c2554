package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;

/**
 * The steps of the connection handshake (docs/bus-protocol.md). The dialing side says HELLO, the accepting side
 * answers CHALLENGE, the dialer PROVEs it knows the cluster secret, the acceptor WELCOMEs it with its own proof.
 * Either side may REFUSE instead, then closes.
 */
sealed interface HandshakeMessage {

    /** Fresh random bytes per connection and side, so a recorded proof is worthless on another connection. */
    int NONCE_BYTES = 16;

    /** The step number carried as the HANDSHAKE frame's type. */
    int step();

    record Hello(BusAddress advertised, byte[] nonce, boolean secretConfigured) implements HandshakeMessage {
        public int step() {
            return 1;
        }
    }

    record Challenge(BusAddress advertised, byte[] nonce, boolean secretConfigured) implements HandshakeMessage {
        public int step() {
            return 2;
        }
    }

    /** @param proof HMAC-SHA256 of the transcript under the secret, or empty when neither side has one */
    record Proof(byte[] proof) implements HandshakeMessage {
        public int step() {
            return 3;
        }
    }

    /** The acceptor's proof, so the dialer knows it reached a node of its own cluster. */
    record Welcome(byte[] proof) implements HandshakeMessage {
        public int step() {
            return 4;
        }
    }

    record Refuse(String reason) implements HandshakeMessage {
        public int step() {
            return 5;
        }
    }
}
