package io.coterie.ring.membership;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.coterie.ring.membership.Fixtures.id;
import static io.coterie.ring.membership.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryMergeTest {

    @Test
    void aHigherGenerationWinsOutrightEvenWithLowerVersions() {
        EndpointState old = state(1, 100).withHeartbeat(5_000).withStatus(NodeStatus.LEAVING, 4_999);
        EndpointState restarted = state(1, 200);
        assertSame(restarted, EntryMerge.merge(old, restarted));
        assertSame(restarted, EntryMerge.merge(restarted, old));
    }

    @Test
    void withinAGenerationEachFieldTakesItsHigherVersion() {
        EndpointState base = state(1, 100);
        EndpointState newerStatus = base.withStatus(NodeStatus.LEAVING, 10).withHeartbeat(10);
        PlacementInputs heavier = new PlacementInputs(3, "r1", 768);
        EndpointState newerPlacement = base.withPlacement(heavier, 12).withHeartbeat(12);
        EndpointState merged = (EndpointState) EntryMerge.merge(newerStatus, newerPlacement);
        assertEquals(NodeStatus.LEAVING, merged.status().value());
        assertEquals(10, merged.status().version());
        assertEquals(heavier, merged.placement().value());
        assertEquals(12, merged.heartbeat());
        assertEquals(12, merged.maxVersion());
        assertEquals(merged, EntryMerge.merge(newerPlacement, newerStatus));
    }

    @Test
    void aTombstoneBeatsItsGenerationWhateverTheVersion() {
        EndpointState stale = state(1, 100).withHeartbeat(1_000_000);
        Tombstone forgotten = new Tombstone(id(1), 100, 5_000);
        assertSame(forgotten, EntryMerge.merge(stale, forgotten));
        assertSame(forgotten, EntryMerge.merge(forgotten, stale));
        assertTrue(forgotten.digest().isNewerThan(stale.digest()));
    }

    @Test
    void aTombstoneBeatsOlderGenerationsToo() {
        Tombstone forgotten = new Tombstone(id(1), 100, 5_000);
        assertSame(forgotten, EntryMerge.merge(state(1, 50), forgotten));
    }

    @Test
    void aRestartAfterTheForgetBeatsTheTombstone() {
        Tombstone forgotten = new Tombstone(id(1), 100, 5_000);
        EndpointState restarted = state(1, 101);
        assertSame(restarted, EntryMerge.merge(forgotten, restarted));
        assertTrue(restarted.digest().isNewerThan(forgotten.digest()));
    }

    @Test
    void tombstonesOfOneGenerationKeepTheLaterForgetTime() {
        Tombstone early = new Tombstone(id(1), 100, 5_000);
        Tombstone late = new Tombstone(id(1), 100, 9_000);
        assertSame(late, EntryMerge.merge(early, late));
        assertSame(late, EntryMerge.merge(late, early));
        Tombstone newerGeneration = new Tombstone(id(1), 300, 1);
        assertSame(newerGeneration, EntryMerge.merge(late, newerGeneration));
    }

    @Test
    void entriesOfDifferentNodesDoNotMerge() {
        assertThrows(IllegalArgumentException.class, () -> EntryMerge.merge(state(1, 1), state(2, 1)));
    }

    @Test
    void mergeAllCombinesIdByIdAndKeepsEntriesOnlyOneSideHas() {
        var merged = EntryMerge.mergeAll(
                Map.of(id(1), state(1, 1), id(2), state(2, 1).withHeartbeat(9)),
                Map.of(id(2), state(2, 1).withHeartbeat(20), id(3), new Tombstone(id(3), 5, 0)));
        assertEquals(3, merged.size());
        assertEquals(20, ((EndpointState) merged.get(id(2))).heartbeat());
        assertTrue(merged.get(id(3)) instanceof Tombstone);
    }

    @Test
    void digestsOrderByGenerationThenVersion() {
        Digest a = new Digest(id(1), 5, 100);
        assertTrue(new Digest(id(1), 6, 0).isNewerThan(a));
        assertTrue(new Digest(id(1), 5, 101).isNewerThan(a));
        assertTrue(a.isNewerThan(Digest.absent(id(1))));
        assertEquals(0, a.compareVersions(new Digest(id(1), 5, 100)));
    }
}
