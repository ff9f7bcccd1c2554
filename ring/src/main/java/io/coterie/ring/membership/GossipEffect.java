package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.Objects;

/**
 * What the gossiper asks its owner to do after an event (etcd raft's Ready): the owner performs these in order and
 * feeds back what arrives. The Netty transport and the simulated cluster handle every kind exhaustively.
 */
public sealed interface GossipEffect {

    /** Deliver {@code message} to the bus at {@code to}; best effort, loss is tolerated by the protocol. */
    record Send(BusAddress to, GossipMessage message) implements GossipEffect {
        public Send {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The membership view changed (membership, status, placement inputs or liveness); requests should use this one. */
    record ViewChanged(MembershipView view) implements GossipEffect {
        public ViewChanged {
            Objects.requireNonNull(view, "view");
        }
    }

    /** An operator forgot this very node (CLUSTER FORGET on a peer); it has stopped gossiping and should shut down. */
    record LocalNodeForgotten(Tombstone tombstone) implements GossipEffect {
        public LocalNodeForgotten {
            Objects.requireNonNull(tombstone, "tombstone");
        }
    }

    /** A message was refused (foreign cluster, over a size limit): log it, as SPEC section 5 asks for refused peers. */
    record MessageRejected(NodeId sender, String reason) implements GossipEffect {
        public MessageRejected {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
