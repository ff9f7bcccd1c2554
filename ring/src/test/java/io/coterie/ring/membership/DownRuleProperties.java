package io.coterie.ring.membership;

import io.coterie.ring.NodeId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link DownRule} counts agreeing observers in one pass over all gossiped suspicions; here it is checked against a
 * deliberately naive transcription of the rule (as etcd raft's quorum/quick_test.go checks its optimised code).
 */
class DownRuleProperties {

    private static final int NODES = 6;
    private static final NodeId SELF = Fixtures.id(0);

    record Scenario(SortedMap<NodeId, EndpointEntry> entries, Set<NodeId> localSuspects, int observersForDownMin) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<Integer>> generations = Arbitraries.integers().between(1, 2).list().ofSize(NODES);
        Arbitrary<List<Boolean>> left = Arbitraries.integers().between(0, 5).map(i -> i == 0).list().ofSize(NODES);
        Arbitrary<List<Boolean>> tombstoned = Arbitraries.integers().between(0, 7).map(i -> i == 0).list().ofSize(NODES);
        Arbitrary<List<Set<Integer>>> suspicions = Arbitraries.integers().between(0, NODES - 1).set().ofMaxSize(4).list().ofSize(NODES);
        Arbitrary<Set<Integer>> local = Arbitraries.integers().between(1, NODES - 1).set().ofMaxSize(NODES - 1);
        return Combinators.combine(generations, left, tombstoned, suspicions, local, Arbitraries.integers().between(1, 3))
                .as((gens, lefts, tombs, susp, loc, min) -> {
                    SortedMap<NodeId, EndpointEntry> entries = new TreeMap<>();
                    for (int i = 0; i < NODES; i++) {
                        NodeId id = Fixtures.id(i);
                        if (i != 0 && tombs.get(i)) {
                            entries.put(id, new Tombstone(id, gens.get(i), 0));
                            continue;
                        }
                        EndpointState s = Fixtures.state(i, gens.get(i));
                        if (i != 0 && lefts.get(i)) {
                            s = s.withStatus(NodeStatus.LEFT, 10);
                        }
                        Map<NodeId, Long> suspected = new HashMap<>();
                        for (int target : susp.get(i)) {
                            // Suspect either the current or the previous generation of the target.
                            suspected.put(Fixtures.id(target), (long) (target % 2 == 0 ? gens.get(target) : 1));
                        }
                        entries.put(id, s.withSuspicions(Suspicions.of(suspected), 11));
                    }
                    Set<NodeId> localSuspects = new java.util.HashSet<>();
                    loc.forEach(i -> localSuspects.add(Fixtures.id(i)));
                    return new Scenario(entries, localSuspects, min);
                });
    }

    @Property
    void matchesTheNaiveRule(@ForAll("scenarios") Scenario s) {
        assertEquals(naive(s), DownRule.classify(SELF, s.entries, s.localSuspects, s.observersForDownMin));
    }

    private static Map<NodeId, Liveness> naive(Scenario s) {
        Map<NodeId, Liveness> result = new HashMap<>();
        result.put(SELF, Liveness.LIVE);
        for (EndpointEntry e : s.entries.values()) {
            if (!(e instanceof EndpointState target) || target.id().equals(SELF)) {
                continue;
            }
            boolean here = s.localSuspects.contains(target.id());
            if (target.status().value() == NodeStatus.LEFT) {
                result.put(target.id(), here ? Liveness.DOWN : Liveness.LIVE);
                continue;
            }
            int possible = 1;
            int agreeing = here ? 1 : 0;
            for (EndpointEntry o : s.entries.values()) {
                if (o instanceof EndpointState observer && !observer.id().equals(SELF) && !observer.id().equals(target.id())
                        && !s.localSuspects.contains(observer.id()) && observer.status().value() != NodeStatus.LEFT) {
                    possible++;
                    if (observer.suspicions().value().suspects(target.id(), target.generation())) {
                        agreeing++;
                    }
                }
            }
            boolean down = agreeing >= Math.max(1, Math.min(s.observersForDownMin, possible));
            result.put(target.id(), down ? Liveness.DOWN : here ? Liveness.SUSPECT : Liveness.LIVE);
        }
        return result;
    }
}
