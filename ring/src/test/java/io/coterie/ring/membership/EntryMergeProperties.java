package io.coterie.ring.membership;

import io.coterie.ring.NodeId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Merge must be a join (commutative, associative, idempotent) on single entries and on whole views, or nodes that saw
 * the same gossip in different orders would disagree. Values are drawn from tiny domains so collisions — equal
 * generations, equal versions, tombstones against states — are frequent.
 */
class EntryMergeProperties {

    private static final List<NodeId> IDS = List.of(Fixtures.id(1), Fixtures.id(2), Fixtures.id(3));

    @Provide
    Arbitrary<EndpointEntry> entries() {
        return entriesOf(Arbitraries.of(IDS.get(0)));
    }

    @Provide
    Arbitrary<SortedMap<NodeId, EndpointEntry>> views() {
        return entriesOf(Arbitraries.of(IDS)).list().ofMaxSize(6).map(list -> {
            SortedMap<NodeId, EndpointEntry> view = new TreeMap<>();
            for (EndpointEntry e : list) {
                view.merge(e.id(), e, EntryMerge::merge);
            }
            return view;
        });
    }

    private static Arbitrary<EndpointEntry> entriesOf(Arbitrary<NodeId> ids) {
        Arbitrary<Long> generations = Arbitraries.longs().between(1, 3);
        Arbitrary<Long> versions = Arbitraries.longs().between(1, 4);
        Arbitrary<Versioned<NodeStatus>> statuses = Combinators.combine(Arbitraries.of(NodeStatus.class), versions)
                .as(Versioned::new);
        Arbitrary<Versioned<PlacementInputs>> placements = Combinators.combine(
                Arbitraries.integers().between(1, 2), Arbitraries.of("", "r1"), versions)
                .as((w, rack, v) -> new Versioned<>(new PlacementInputs(w, rack, 256), v));
        Arbitrary<Versioned<Address>> addresses = Combinators.combine(Arbitraries.integers().between(1, 2), versions)
                .as((port, v) -> new Versioned<>(new Address("h", 6379, 16379 + port), v));
        Arbitrary<Versioned<Suspicions>> suspicions = Combinators.combine(
                Arbitraries.of(IDS).set().ofMaxSize(2), Arbitraries.longs().between(1, 3), versions)
                .as((suspected, gen, v) -> {
                    Map<NodeId, Long> map = new TreeMap<>();
                    suspected.forEach(s -> map.put(s, gen));
                    return new Versioned<>(Suspicions.of(map), v);
                });
        Arbitrary<EndpointEntry> states = Combinators.combine(ids, generations, versions, addresses, statuses, placements, suspicions)
                .as((id, gen, hb, addr, status, placement, susp) -> new EndpointState(id, gen, hb, addr, status, placement, susp));
        Arbitrary<EndpointEntry> tombstones = Combinators.combine(ids, generations, Arbitraries.longs().between(0, 2))
                .as(Tombstone::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, states),
                net.jqwik.api.Tuple.of(1, tombstones));
    }

    @Property
    void entryMergeIsCommutative(@ForAll("entries") EndpointEntry a, @ForAll("entries") EndpointEntry b) {
        assertEquals(EntryMerge.merge(a, b), EntryMerge.merge(b, a));
    }

    @Property
    void entryMergeIsIdempotent(@ForAll("entries") EndpointEntry a, @ForAll("entries") EndpointEntry b) {
        assertEquals(a, EntryMerge.merge(a, a));
        EndpointEntry ab = EntryMerge.merge(a, b);
        assertEquals(ab, EntryMerge.merge(ab, b), "re-delivering b changes nothing");
    }

    @Property
    void entryMergeIsAssociative(@ForAll("entries") EndpointEntry a, @ForAll("entries") EndpointEntry b,
                                 @ForAll("entries") EndpointEntry c) {
        assertEquals(EntryMerge.merge(EntryMerge.merge(a, b), c), EntryMerge.merge(a, EntryMerge.merge(b, c)));
    }

    @Property
    void mergedDigestIsNeverOlderThanEitherInput(@ForAll("entries") EndpointEntry a, @ForAll("entries") EndpointEntry b) {
        Digest merged = EntryMerge.merge(a, b).digest();
        assertEquals(false, a.digest().isNewerThan(merged) || b.digest().isNewerThan(merged));
    }

    @Property
    void viewMergeIsCommutativeAndIdempotent(@ForAll("views") SortedMap<NodeId, EndpointEntry> a,
                                            @ForAll("views") SortedMap<NodeId, EndpointEntry> b) {
        assertEquals(EntryMerge.mergeAll(a, b), EntryMerge.mergeAll(b, a));
        assertEquals(a, EntryMerge.mergeAll(a, a));
    }

    @Property
    void viewMergeIsAssociative(@ForAll("views") SortedMap<NodeId, EndpointEntry> a,
                                @ForAll("views") SortedMap<NodeId, EndpointEntry> b,
                                @ForAll("views") SortedMap<NodeId, EndpointEntry> c) {
        assertEquals(EntryMerge.mergeAll(EntryMerge.mergeAll(a, b), c), EntryMerge.mergeAll(a, EntryMerge.mergeAll(b, c)));
    }
}
