package io.coterie.server.cluster.gossip;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.membership.Digest;
import io.coterie.ring.membership.EndpointEntry;
import io.coterie.ring.membership.EndpointState;
import io.coterie.ring.membership.GossipMessage;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.membership.PlacementInputs;
import io.coterie.ring.membership.Suspicions;
import io.coterie.ring.membership.Tombstone;
import io.coterie.ring.membership.Versioned;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random gossip messages over the full range of every field: extremes, empty lists, racks with and without, every status. */
final class GossipMessages {

    private GossipMessages() {
    }

    static Arbitrary<GossipMessage> messages() {
        return Arbitraries.oneOf(syns(), acks(), ack2s());
    }

    static Arbitrary<GossipMessage> syns() {
        return Combinators.combine(nodeIds(), busAddresses(), Arbitraries.longs(), digests().list().ofMaxSize(8))
                .as(GossipMessage.Syn::new);
    }

    static Arbitrary<GossipMessage> acks() {
        return Combinators.combine(nodeIds(), busAddresses(), entries().list().ofMaxSize(5), digests().list().ofMaxSize(5))
                .as(GossipMessage.Ack::new);
    }

    static Arbitrary<GossipMessage> ack2s() {
        return Combinators.combine(nodeIds(), entries().list().ofMaxSize(5)).as(GossipMessage.Ack2::new);
    }

    static Arbitrary<NodeId> nodeIds() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(40).map(NodeId::new);
    }

    static Arbitrary<String> hosts() {
        return Arbitraries.oneOf(
                Arbitraries.of("127.0.0.1", "::1", "node-1.coterie.svc.cluster.local"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().alpha().ofLength(GossipCodec.HOST_BYTES_MAX));
    }

    static Arbitrary<Integer> ports() {
        return Arbitraries.oneOf(Arbitraries.of(1, 65535), Arbitraries.integers().between(1, 65535));
    }

    static Arbitrary<BusAddress> busAddresses() {
        return Combinators.combine(hosts(), ports()).as(BusAddress::new);
    }

    /** Longs biased to the edges the varint encodings care about. */
    static Arbitrary<Long> anyLongs() {
        return Arbitraries.oneOf(Arbitraries.of(-1L, 0L, 127L, 128L, Long.MAX_VALUE, Long.MIN_VALUE), Arbitraries.longs());
    }

    static Arbitrary<Long> versions() {
        return Arbitraries.oneOf(Arbitraries.of(0L, 1L, 127L, 128L, Long.MAX_VALUE), Arbitraries.longs().greaterOrEqual(0));
    }

    static Arbitrary<Digest> digests() {
        return Combinators.combine(nodeIds(), anyLongs(), anyLongs()).as(Digest::new);
    }

    static Arbitrary<EndpointEntry> entries() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, states()),
                net.jqwik.api.Tuple.of(1, tombstones()));
    }

    static Arbitrary<EndpointEntry> tombstones() {
        return Combinators.combine(nodeIds(), anyLongs(), anyLongs()).as(Tombstone::new);
    }

    static Arbitrary<EndpointEntry> states() {
        Arbitrary<Versioned<Address>> addresses = Combinators.combine(hosts(), ports(), ports(), versions())
                .as((host, client, bus, v) -> new Versioned<>(new Address(host, client, bus), v));
        Arbitrary<Versioned<NodeStatus>> statuses = Combinators.combine(Arbitraries.of(NodeStatus.class), versions())
                .as(Versioned::new);
        Arbitrary<String> racks = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(PlacementInputs.RACK_CHARS_MAX));
        Arbitrary<Versioned<PlacementInputs>> placements = Combinators.combine(
                Arbitraries.integers().between(1, Integer.MAX_VALUE), racks,
                Arbitraries.integers().between(1, PlacementInputs.VNODES_MAX), versions())
                .as((weight, rack, vnodes, v) -> new Versioned<>(new PlacementInputs(weight, rack, vnodes), v));
        Arbitrary<Versioned<Suspicions>> suspicions = Combinators.combine(
                Arbitraries.maps(nodeIds(), versions()).ofMaxSize(4), versions())
                .as((map, v) -> new Versioned<>(Suspicions.of(map), v));
        return Combinators.combine(nodeIds(), versions(), versions(), addresses, statuses, placements, suspicions)
                .as(EndpointState::new);
    }
}
