package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.List;
import java.util.Objects;

/**
 * The three messages of one gossip round, as Cassandra's GossipDigestSyn/Ack/Ack2:
 * SYN (my digests) → ACK (entries you lack + digests of entries I want) → ACK2 (the entries you asked for).
 * Every message names its sender; SYN and ACK also say where to answer, since a seed may not know the sender yet.
 */
public sealed interface GossipMessage {

    NodeId sender();

    record Syn(NodeId sender, BusAddress replyTo, long clusterFingerprint, List<Digest> digests) implements GossipMessage {
        public Syn {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(replyTo, "replyTo");
            digests = List.copyOf(digests);
        }
    }

    record Ack(NodeId sender, BusAddress replyTo, List<EndpointEntry> states, List<Digest> requests) implements GossipMessage {
        public Ack {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(replyTo, "replyTo");
            states = List.copyOf(states);
            requests = List.copyOf(requests);
        }
    }

    record Ack2(NodeId sender, List<EndpointEntry> states) implements GossipMessage {
        public Ack2 {
            Objects.requireNonNull(sender, "sender");
            states = List.copyOf(states);
        }
    }
}
