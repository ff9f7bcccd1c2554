package io.coterie.server.cluster.repair;

import io.coterie.ring.Clock;
import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import io.coterie.storage.Record;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Anti-entropy between in-process nodes over the real Netty bus: replicas that missed writes, a wiped replica,
 * deletes and TTLs are brought level by one repair, and a repair of replicas already level exchanges only roots.
 * Replication is played by hand: a write is made on one node and its resulting versions merged into the others.
 */
class RepairTest {

    private static final int KEYS = 2_000;

    @Test
    void oneRepairBringsTwoDivergedReplicasLevelBothWays() throws Exception {
        try (RepairCluster cluster = new RepairCluster("a", "b")) {
            RepairCluster.Node a = cluster.node(0);
            RepairCluster.Node b = cluster.node(1);
            List<byte[]> keys = keys("k", KEYS);
            int onlyOnA = 0;
            int onlyOnB = 0;
            for (int i = 0; i < keys.size(); i++) {
                onlyOnA += i % 10 == 0 && i % 15 != 0 ? 1 : 0;
                onlyOnB += i % 15 == 0 ? 1 : 0;
                // B missed every 10th write, A every 15th: each side holds something the other lacks.
                writeOn(a, keys.get(i), "v" + i, i % 10 == 0 ? List.of() : List.of(b));
                if (i % 15 == 0) {
                    b.store.merge(keys.get(i), a.store.versions(keys.get(i)));
                    a.store.raw().remove(keys.get(i), 0);
                }
            }
            a.startRepair();
            b.startRepair();

            RepairReport report = a.repair();

            assertTrue(report.failures().isEmpty(), report.failures().toString());
            PeerReport withB = report.peers().get(0);
            assertEquals(onlyOnA, withB.keysSent(), "exactly what B missed");
            assertEquals(onlyOnB, withB.keysReceived(), "exactly what A missed");
            assertDigestsEqual(a, b);
            for (byte[] key : keys) {
                assertNotNull(a.store.get(key, now()));
                assertNotNull(b.store.get(key, now()));
            }
        }
    }

    @Test
    void aWipedReplicaAndAStaleOneAreRefilledAndDeletesStayDeleted() throws Exception {
        try (RepairCluster cluster = new RepairCluster("a", "b", "c")) {
            RepairCluster.Node a = cluster.node(0);
            RepairCluster.Node b = cluster.node(1);
            RepairCluster.Node c = cluster.node(2);
            List<byte[]> keys = keys("key:", KEYS);
            for (int i = 0; i < keys.size(); i++) {
                writeOn(a, keys.get(i), "value-" + i, i % 7 == 0 ? List.of() : List.of(b));
            }
            byte[] deleted = keys.get(1);
            a.store.remove(deleted, now());          // B still holds the value: the tombstone must win there
            byte[] ttl = "ttl-key".getBytes(StandardCharsets.UTF_8);
            long expireAtMs = now() + 3_600_000;
            a.store.put(ttl, Record.of("t".getBytes(StandardCharsets.UTF_8), expireAtMs));
            // C's data directory was wiped: it starts empty, with the same id.
            a.startRepair();
            b.startRepair();
            c.startRepair();

            RepairReport fromC = c.repair();

            assertTrue(fromC.failures().isEmpty(), fromC.failures().toString());
            RepairReport fromA = a.repair();
            assertTrue(fromA.failures().isEmpty(), fromA.failures().toString());
            assertDigestsEqual(a, b);
            assertDigestsEqual(a, c);
            for (RepairCluster.Node n : List.of(a, b, c)) {
                for (byte[] key : keys) {
                    if (key != deleted) {
                        assertNotNull(n.store.get(key, now()), new String(key, StandardCharsets.UTF_8) + " on " + n.id);
                    }
                }
                assertNull(n.store.get(deleted, now()), "a deleted key does not come back on " + n.id);
                SiblingSet versions = n.store.versions(deleted);
                assertTrue(versions.siblings().stream().allMatch(Sibling::tombstone), "the tombstone itself is repaired");
                assertEquals(expireAtMs, n.store.get(ttl, now()).expireAtMs(), "the TTL travels exactly");
            }
        }
    }

    @Test
    void repairingLevelReplicasExchangesOnlyTheRoots() throws Exception {
        try (RepairCluster cluster = new RepairCluster("a", "b")) {
            RepairCluster.Node a = cluster.node(0);
            RepairCluster.Node b = cluster.node(1);
            for (byte[] key : keys("same", 500)) {
                writeOn(a, key, "x", List.of(b));
            }
            a.startRepair();
            b.startRepair();

            PeerReport level = a.repair().peers().get(0);

            assertEquals(0, level.slotsDiffering());
            assertEquals(0, level.keysSent() + level.keysReceived());
            // One Tree request for the root (version, tag, fingerprint, range, level, one node) and its one hash.
            assertEquals(16, level.bytesSent());
            assertEquals(11, level.bytesReceived());
        }
    }

    @Test
    void backgroundRepairLevelsReplicasWithoutBeingAsked() throws Exception {
        try (RepairCluster cluster = new RepairCluster("a", "b")) {
            RepairCluster.Node a = cluster.node(0);
            RepairCluster.Node b = cluster.node(1);
            for (byte[] key : keys("bg", 300)) {
                writeOn(a, key, "x", List.of()); // b missed every write
            }
            b.startRepair();
            a.startBackgroundRepair(1);
            long deadline = System.currentTimeMillis() + 30_000;
            while (a.repairer.stats().fields().get("repairs_run") == 0) {
                assertTrue(System.currentTimeMillis() < deadline, "no background repair within 30 s");
                Thread.sleep(50);
            }
            assertEquals(300, a.repairer.stats().fields().get("repair_keys_sent"));
            assertDigestsEqual(a, b);
        }
    }

    @Test
    void theIndexCountsKeysPerSlotThroughWritesDeletesAndMerges() throws Exception {
        try (RepairCluster cluster = new RepairCluster("a")) {
            RepairCluster.Node a = cluster.node(0);
            a.store.put(bytes("{s}1"), Record.of(bytes("v")));
            a.startRepair();
            a.repairer.repairNow(0, 16_383).get(); // waits for the build
            a.store.put(bytes("{s}2"), Record.of(bytes("v")));
            a.store.put(bytes("{s}2"), Record.of(bytes("w")));
            a.store.remove(bytes("{s}1"), now()); // a tombstone is still a record replicas must agree on
            int slot = HashSlots.slotOf(bytes("{s}"));
            assertEquals(2, a.repairer.index().keys(slot));
            assertEquals(1, a.repairer.index().visibleKeys(slot), "COUNTKEYSINSLOT leaves the deleted key out");
            DigestIndex rebuilt = DigestIndex.attach(a.store, Clock.system());
            rebuilt.build();
            assertArrayEquals(rebuilt.digests().snapshot(), a.repairer.index().digests().snapshot(),
                    "incremental digests equal a fresh scan");
            a.store.clear();
            assertEquals(0, a.repairer.index().keys(slot));
            assertEquals(0, a.repairer.index().visibleKeys(slot));
        }
    }

    /** Writes {@code value} on {@code coordinator} and replicates the result to {@code replicas} (not to the rest). */
    private static void writeOn(RepairCluster.Node coordinator, byte[] key, String value, List<RepairCluster.Node> replicas) throws Exception {
        coordinator.store.put(key, Record.of(bytes(value)));
        SiblingSet versions = coordinator.store.versions(key);
        for (RepairCluster.Node r : replicas) {
            r.store.merge(key, versions);
        }
    }

    private static void assertDigestsEqual(RepairCluster.Node x, RepairCluster.Node y) {
        assertArrayEquals(x.repairer.index().digests().snapshot(), y.repairer.index().digests().snapshot(),
                "per-slot digests of " + x.id + " and " + y.id);
    }

    private static List<byte[]> keys(String prefix, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(bytes(prefix + i));
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
