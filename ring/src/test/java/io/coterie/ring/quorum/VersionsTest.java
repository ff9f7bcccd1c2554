package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VectorClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.coterie.ring.quorum.Nodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionsTest {

    private static final NodeId X = node(1), Y = node(2), Z = node(3);
    private static final long GRACE_MS = 86_400_000L;

    private static byte[] v(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static HlcTimestamp t(long ms) {
        return new HlcTimestamp(ms, 0);
    }

    private static List<String> values(SiblingSet set) {
        return set.siblings().stream().map(s -> s.tombstone() ? "<deleted>" : new String(s.value(), StandardCharsets.UTF_8)).sorted().toList();
    }

    @Test
    void twoClientsVsettingTheSameContextThroughOneCoordinatorEndAsTwoSiblingsOnEveryReplica() {
        SiblingSet x = Versions.coordinate(SiblingSet.empty(), new ClientWrite.Set(v("v0"), Sibling.NO_EXPIRY), X, t(1), 1);
        SiblingSet y = Versions.receive(SiblingSet.empty(), x);
        SiblingSet z = Versions.receive(SiblingSet.empty(), x);
        VectorClock vget = x.context(); // both clients VGET this

        SiblingSet afterA = Versions.coordinate(x, new ClientWrite.VSet(vget, v("A"), Sibling.NO_EXPIRY), X, t(2), 2);
        y = Versions.receive(y, afterA);
        SiblingSet afterB = Versions.coordinate(afterA, new ClientWrite.VSet(vget, v("B"), Sibling.NO_EXPIRY), X, t(3), 3);
        z = Versions.receive(z, afterB);
        y = Versions.receive(y, afterB);
        z = Versions.receive(z, afterA); // arrives late at z: changes nothing

        assertEquals(List.of("A", "B"), values(afterB));
        assertEquals(afterB, y);
        assertEquals(afterB, z);

        // A client that read both writes the resolution; it supersedes both everywhere.
        SiblingSet resolved = Versions.coordinate(afterB, new ClientWrite.VSet(afterB.context(), v("A+B"), Sibling.NO_EXPIRY), X, t(4), 4);
        assertEquals(List.of("A+B"), values(Versions.receive(y, resolved)));
    }

    @Test
    void aPlainSetOverwritesWhatTheCoordinatorHasSeen() {
        SiblingSet x = Versions.coordinate(SiblingSet.empty(), new ClientWrite.Set(v("a"), Sibling.NO_EXPIRY), X, t(1), 1);
        SiblingSet concurrent = Versions.coordinate(SiblingSet.empty(), new ClientWrite.Set(v("b"), Sibling.NO_EXPIRY), Y, t(2), 2);
        x = Versions.receive(x, concurrent);
        assertEquals(List.of("a", "b"), values(x));
        x = Versions.coordinate(x, new ClientWrite.Set(v("c"), 5_000), X, t(3), 3);
        assertEquals(List.of("c"), values(x));
        assertEquals(5_000, x.siblings().get(0).expireAtMs());
    }

    @Test
    void aReplicaReceivingAnOlderSetKeepsItsNewerOne() {
        SiblingSet older = Versions.coordinate(SiblingSet.empty(), new ClientWrite.Set(v("old"), Sibling.NO_EXPIRY), X, t(1), 1);
        SiblingSet newer = Versions.coordinate(older, new ClientWrite.Set(v("new"), Sibling.NO_EXPIRY), X, t(2), 2);
        assertEquals(newer, Versions.receive(newer, older));
        assertEquals(newer, Versions.receive(older, newer));
        // Even an older set with a later HLC loses: causality decides, not time.
        SiblingSet replica = Versions.receive(SiblingSet.empty(), newer);
        assertEquals(List.of("new"), values(Versions.receive(replica, older)));
    }

    @Test
    void aDeleteIsATombstoneThatSurvivesMergesWithOlderValues() {
        SiblingSet value = Versions.coordinate(SiblingSet.empty(), new ClientWrite.Set(v("v"), Sibling.NO_EXPIRY), X, t(1_000), 1_000);
        SiblingSet deleted = Versions.coordinate(value, new ClientWrite.Del(), X, t(2_000), 2_000);
        assertTrue(deleted.visible(2_000).isEmpty());
        assertEquals(List.of("<deleted>"), values(deleted));

        SiblingSet staleReplica = Versions.receive(SiblingSet.empty(), value);
        assertEquals(deleted, Versions.receive(staleReplica, deleted), "the tombstone replaces the value it saw");
        assertEquals(deleted, Versions.receive(deleted, value), "the old value cannot come back");
        assertEquals(deleted, Versions.receive(Versions.receive(SiblingSet.empty(), deleted), staleReplica));
    }

    @Test
    void aTombstoneIsCollectableOnlyAfterTheGracePeriodAndOnceAllReplicasHaveIt() {
        SiblingSet value = Versions.coordinate(SiblingSet.empty(), new ClientWrite.Set(v("v"), Sibling.NO_EXPIRY), X, t(1_000), 1_000);
        SiblingSet deleted = Versions.coordinate(value, new ClientWrite.Del(), X, t(2_000), 2_000);
        assertFalse(Versions.collectable(deleted, 2_000 + GRACE_MS - 1, GRACE_MS, true), "inside the grace period");
        assertFalse(Versions.collectable(deleted, 2_000 + GRACE_MS, GRACE_MS, false), "a replica may still hold the value");
        assertTrue(Versions.collectable(deleted, 2_000 + GRACE_MS, GRACE_MS, true));
        assertFalse(Versions.collectable(value, 2_000 + GRACE_MS, GRACE_MS, true), "a live value is never collected");
    }

    @Test
    void aVdelSupersedesOnlyItsContextSoAConcurrentWriteOutlivesIt() {
        SiblingSet x = Versions.coordinate(SiblingSet.empty(), new ClientWrite.Set(v("seen"), Sibling.NO_EXPIRY), X, t(1), 1);
        VectorClock seen = x.context();
        SiblingSet concurrent = Versions.coordinate(SiblingSet.empty(), new ClientWrite.Set(v("unseen"), Sibling.NO_EXPIRY), Z, t(2), 2);
        x = Versions.receive(x, concurrent);
        SiblingSet afterDel = Versions.coordinate(x, new ClientWrite.VDel(seen), X, t(3), 3);
        assertEquals(List.of("<deleted>", "unseen"), values(afterDel));
        assertFalse(Versions.collectable(afterDel, 3 + GRACE_MS, GRACE_MS, true), "the concurrent value is still live");
        // A VSET with the full context resolves everything, tombstone included.
        SiblingSet resolved = Versions.coordinate(afterDel, new ClientWrite.VSet(afterDel.context(), v("r"), Sibling.NO_EXPIRY), X, t(4), 4);
        assertEquals(List.of("r"), values(resolved));
    }
}
