package io.coterie.ring.membership;

import io.coterie.ring.NodeId;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static io.coterie.ring.membership.Fixtures.id;
import static io.coterie.ring.membership.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The two-observer rule, case by case. Node 0 is "self"; node 9 is the target. */
class DownRuleTest {

    private static final NodeId SELF = id(0);
    private static final NodeId TARGET = id(9);
    private static final long TARGET_GENERATION = 900;

    private static SortedMap<NodeId, EndpointEntry> cluster(int peers) {
        SortedMap<NodeId, EndpointEntry> entries = new TreeMap<>();
        entries.put(SELF, state(0, 1));
        for (int i = 1; i <= peers; i++) {
            entries.put(id(i), state(i, 1));
        }
        entries.put(TARGET, state(9, TARGET_GENERATION));
        return entries;
    }

    private static void suspects(SortedMap<NodeId, EndpointEntry> entries, int observer, NodeId target, long generation) {
        EndpointState s = (EndpointState) entries.get(id(observer));
        entries.put(s.id(), s.withSuspicions(Suspicions.of(Map.of(target, generation)), s.maxVersion() + 1));
    }

    private static Liveness target(SortedMap<NodeId, EndpointEntry> entries, Set<NodeId> localSuspects) {
        return DownRule.classify(SELF, entries, localSuspects, 2).get(TARGET);
    }

    @Test
    void oneObserverAloneOnlySuspects() {
        assertEquals(Liveness.SUSPECT, target(cluster(2), Set.of(TARGET)));
    }

    @Test
    void oneRemoteObserverAloneChangesNothing() {
        var entries = cluster(2);
        suspects(entries, 1, TARGET, TARGET_GENERATION);
        assertEquals(Liveness.LIVE, target(entries, Set.of()));
    }

    @Test
    void selfAndOnePeerAgreeingMakeItDown() {
        var entries = cluster(2);
        suspects(entries, 1, TARGET, TARGET_GENERATION);
        assertEquals(Liveness.DOWN, target(entries, Set.of(TARGET)));
    }

    @Test
    void twoPeersAgreeingMakeItDownEvenIfWeStillHearIt() {
        var entries = cluster(3);
        suspects(entries, 1, TARGET, TARGET_GENERATION);
        suspects(entries, 2, TARGET, TARGET_GENERATION);
        assertEquals(Liveness.DOWN, target(entries, Set.of()));
    }

    @Test
    void aSuspicionOfAnOlderIncarnationDoesNotCount() {
        var entries = cluster(2);
        suspects(entries, 1, TARGET, TARGET_GENERATION - 1);
        assertEquals(Liveness.SUSPECT, target(entries, Set.of(TARGET)));
    }

    @Test
    void aPeerWeCannotHearCannotVouch() {
        // Peer 1 is silent to us (we suspect it): its frozen suspicion of the target must not count. Peer 2 is live.
        var entries = cluster(2);
        suspects(entries, 1, TARGET, TARGET_GENERATION);
        assertEquals(Liveness.SUSPECT, target(entries, Set.of(TARGET, id(1))));
    }

    @Test
    void whenEveryOtherObserverIsUnreachableOurOwnSuspicionSuffices() {
        // Peers 1 and 2 are both silent to us too: no second observer can exist, so we alone decide.
        var entries = cluster(2);
        Map<NodeId, Liveness> liveness = DownRule.classify(SELF, entries, Set.of(TARGET, id(1), id(2)), 2);
        assertEquals(Liveness.DOWN, liveness.get(TARGET));
        assertEquals(Liveness.DOWN, liveness.get(id(1)));
    }

    @Test
    void inATwoNodeClusterTheSingleObserverSuffices() {
        assertEquals(Liveness.DOWN, target(cluster(0), Set.of(TARGET)));
        assertEquals(Liveness.LIVE, target(cluster(0), Set.of()));
    }

    @Test
    void aNodeThatLeftNeedsNoAgreement() {
        var entries = cluster(2);
        EndpointState t = (EndpointState) entries.get(TARGET);
        entries.put(TARGET, t.withStatus(NodeStatus.LEAVING, 10).withStatus(NodeStatus.LEFT, 11));
        assertEquals(Liveness.DOWN, target(entries, Set.of(TARGET)));
        assertEquals(Liveness.LIVE, target(entries, Set.of()));
    }

    @Test
    void theRequiredNumberOfObserversIsConfigurable() {
        var entries = cluster(3);
        suspects(entries, 1, TARGET, TARGET_GENERATION);
        assertEquals(Liveness.SUSPECT, DownRule.classify(SELF, entries, Set.of(TARGET), 3).get(TARGET));
        suspects(entries, 2, TARGET, TARGET_GENERATION);
        assertEquals(Liveness.DOWN, DownRule.classify(SELF, entries, Set.of(TARGET), 3).get(TARGET));
    }

    @Test
    void tombstonesAreNotMembersAndSelfIsAlwaysLive() {
        var entries = cluster(1);
        entries.put(id(5), new Tombstone(id(5), 1, 0));
        Map<NodeId, Liveness> liveness = DownRule.classify(SELF, entries, Set.of(), 2);
        assertEquals(Liveness.LIVE, liveness.get(SELF));
        assertEquals(null, liveness.get(id(5)));
    }
}
