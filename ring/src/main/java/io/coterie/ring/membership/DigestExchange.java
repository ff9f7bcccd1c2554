package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The pure comparisons behind the three-message exchange (Cassandra's GossipDigestSynVerbHandler.doSort/examineGossiper
 * and GossipDigestAckVerbHandler): given the local entries and the peer's digests, decide what to send and what to ask for.
 */
final class DigestExchange {

    private DigestExchange() {
    }

    /** What a SYN's receiver answers in its ACK. */
    record AckPlan(List<EndpointEntry> states, List<Digest> requests) {
    }

    /**
     * For a SYN: send every local entry that is newer than the sender's digest or that the sender does not mention at
     * all (SYN digests are complete, bounded by membersMax, so an absent id is one the sender lacks; Cassandra waits for
     * the reverse exchange instead, we save a round); request every entry the sender has newer.
     * When more than {@code statesMax} entries qualify, a random subset goes now and the rest in later rounds.
     */
    static AckPlan onSyn(Map<NodeId, EndpointEntry> local, List<Digest> remote, int statesMax, RandomGenerator random) {
        List<EndpointEntry> states = new ArrayList<>();
        List<Digest> requests = new ArrayList<>();
        Set<NodeId> mentioned = new HashSet<>();
        for (Digest theirs : remote) {
            if (!mentioned.add(theirs.id())) {
                continue;
            }
            EndpointEntry mine = local.get(theirs.id());
            Digest ours = mine == null ? Digest.absent(theirs.id()) : mine.digest();
            int order = ours.compareVersions(theirs);
            if (order > 0) {
                states.add(mine);
            } else if (order < 0) {
                requests.add(ours);
            }
        }
        for (EndpointEntry mine : local.values()) {
            if (!mentioned.contains(mine.id())) {
                states.add(mine);
            }
        }
        return new AckPlan(capped(states, statesMax, random), requests);
    }

    /** For an ACK's requests: the local entries newer than what the requester has, at most {@code statesMax}. */
    static List<EndpointEntry> onAckRequests(Map<NodeId, EndpointEntry> local, List<Digest> requests, int statesMax,
                                            RandomGenerator random) {
        List<EndpointEntry> states = new ArrayList<>();
        Set<NodeId> seen = new HashSet<>();
        for (Digest theirs : requests) {
            EndpointEntry mine = local.get(theirs.id());
            if (mine != null && seen.add(theirs.id()) && mine.digest().isNewerThan(theirs)) {
                states.add(mine);
            }
        }
        return capped(states, statesMax, random);
    }

    /** Everything when it fits; otherwise a random subset, so no entry is starved by a fixed order. */
    private static List<EndpointEntry> capped(List<EndpointEntry> states, int statesMax, RandomGenerator random) {
        return states.size() <= statesMax ? List.copyOf(states) : Shuffle.prefix(states, statesMax, random);
    }
}
