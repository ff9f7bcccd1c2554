package io.coterie.ring.membership;

import io.coterie.ring.NodeId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One complete SYN → ACK → ACK2 exchange between two gossipers leaves both holding exactly the merge of what they knew
 * (when everything fits in one message): the digest comparison neither loses nor invents knowledge.
 */
class DigestExchangeProperties {

    private static final List<NodeId> OTHERS = List.of(Fixtures.id(10), Fixtures.id(11), Fixtures.id(12), Fixtures.id(13));

    @Provide
    Arbitrary<List<EndpointEntry>> knowledge() {
        // Only the owner writes its state, so one (id, generation, version) always carries the same content: the
        // status set at version v is a function of (id, generation, v).
        Arbitrary<EndpointEntry> states = Combinators.combine(Arbitraries.integers().between(10, 13),
                        Arbitraries.longs().between(1, 3), Arbitraries.longs().between(5, 9))
                .as((n, gen, v) -> (EndpointEntry) Fixtures.state(n, gen)
                        .withStatus(NodeStatus.values()[(int) ((n + gen + v) % 4)], v).withHeartbeat(v));
        Arbitrary<EndpointEntry> tombstones = Combinators.combine(Arbitraries.of(OTHERS), Arbitraries.longs().between(1, 3))
                .as((id, gen) -> new Tombstone(id, gen, 0));
        return Arbitraries.frequencyOf(Tuple.of(4, states), Tuple.of(1, tombstones)).list().ofMaxSize(8);
    }

    @Property
    void oneExchangeMergesBothSides(@ForAll("knowledge") List<EndpointEntry> a0, @ForAll("knowledge") List<EndpointEntry> b0,
                                    @ForAll long seed) {
        Gossiper a = new Gossiper(GossipConfig.defaults(), Fixtures.local(1, NodeStatus.UP), 1, List.of(), new SplittableRandom(seed));
        Gossiper b = new Gossiper(GossipConfig.defaults(), Fixtures.local(2, NodeStatus.UP), 2, List.of(), new SplittableRandom(~seed));
        a.receive(new GossipMessage.Ack2(Fixtures.id(99), a0), 0);
        b.receive(new GossipMessage.Ack2(Fixtures.id(99), b0), 0);
        SortedMap<NodeId, EndpointEntry> expected = EntryMerge.mergeAll(a.entries(), b.entries());

        Map<BusAddress, Gossiper> nodes = Map.of(Fixtures.address(1).bus(), a, Fixtures.address(2).bus(), b);
        Deque<GossipEffect> pending = new ArrayDeque<>(a.meet(Fixtures.address(2).bus()));
        while (!pending.isEmpty()) {
            if (pending.poll() instanceof GossipEffect.Send send) {
                pending.addAll(nodes.get(send.to()).receive(send.message(), 1));
            }
        }
        assertEquals(expected, a.entries());
        assertEquals(expected, b.entries());
    }
}
