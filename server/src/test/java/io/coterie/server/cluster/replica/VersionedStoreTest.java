package io.coterie.server.cluster.replica;

import io.coterie.ring.NodeId;
import io.coterie.ring.quorum.ClientWrite;
import io.coterie.ring.version.SiblingSet;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionedStoreTest {

    private static final NodeId A = new NodeId("a".repeat(40));
    private static final NodeId B = new NodeId("b".repeat(40));
    private static final long GRACE_MS = 60_000;

    private final AtomicLong now = new AtomicLong(1_763_000_000_000L);
    private final InMemoryStore raw = new InMemoryStore();
    private final VersionedStore store = new VersionedStore(raw, A, now::get, () -> GRACE_MS);
    private final VersionedStore peer = new VersionedStore(new InMemoryStore(), B, now::get, () -> GRACE_MS);

    @Test
    void plainCommandsSeeTheValueAndEveryWriteIsAVersion() {
        store.put(key("k"), Record.of(bytes("v1")));
        assertArrayEquals(bytes("v1"), store.get(key("k"), now.get()).value());
        store.put(key("k"), Record.of(bytes("v2")));
        SiblingSet versions = store.versions(key("k"));
        assertEquals(1, versions.siblings().size(), "a plain SET supersedes what this node had");
        assertEquals(2, versions.context().counter(A));
        assertArrayEquals(bytes("v2"), versions.siblings().get(0).value());
    }

    @Test
    void deleteLeavesATombstoneThatReadsAsAbsentAndIsCollectedAfterTheGrace() {
        store.put(key("k"), Record.of(bytes("v")));
        assertTrue(store.remove(key("k"), now.get()));
        assertNull(store.get(key("k"), now.get()));
        assertFalse(store.remove(key("k"), now.get()), "DEL of a deleted key removes nothing");
        List<byte[]> keys = new ArrayList<>();
        store.forEachKey(now.get(), keys::add);
        assertTrue(keys.isEmpty(), "KEYS does not list tombstones");
        assertEquals(0, store.size(), "DBSIZE does not count tombstones");
        assertEquals(0, new VersionedStore(raw, A, now::get, () -> GRACE_MS).size(), "nor after a restart");
        assertTrue(store.versions(key("k")).siblings().get(0).tombstone());
        now.addAndGet(GRACE_MS + 1);
        assertTrue(store.versions(key("k")).isEmpty(), "the store's expiry collects the tombstone after the grace");
    }

    @Test
    void updatesRunAgainstTheVisibleValue() {
        store.put(key("n"), Record.of(bytes("41")));
        String result = store.update(key("n"), now.get(), current -> {
            long next = Long.parseLong(new String(current.value(), StandardCharsets.US_ASCII)) + 1;
            return Mutation.put(current.withValue(bytes(Long.toString(next))), "ok");
        });
        assertEquals("ok", result);
        assertArrayEquals(bytes("42"), store.get(key("n"), now.get()).value());
        store.remove(key("n"), now.get());
        assertNull(store.update(key("n"), now.get(), current -> Mutation.keep(current)), "a tombstone reads as absent");
    }

    @Test
    void mergeKeepsConcurrentWritesAsSiblingsAndPlainGetShowsTheLatest() {
        store.put(key("k"), Record.of(bytes("from-a")));
        now.incrementAndGet();
        peer.put(key("k"), Record.of(bytes("from-b")));
        SiblingSet merged = store.merge(key("k"), peer.versions(key("k")));
        assertEquals(2, merged.siblings().size());
        assertArrayEquals(bytes("from-b"), store.get(key("k"), now.get()).value(), "highest HLC wins for GET");
        SiblingSet again = store.merge(key("k"), SiblingSet.empty());
        assertEquals(merged, again, "merging nothing changes nothing");
        store.write(key("k"), new ClientWrite.VSet(merged.context(), bytes("resolved"), 0));
        assertEquals(1, store.versions(key("k")).siblings().size(), "a VSET with the context supersedes both");
        assertArrayEquals(bytes("resolved"), store.get(key("k"), now.get()).value());
    }

    @Test
    void anOlderStateArrivingLaterChangesNothing() {
        store.put(key("k"), Record.of(bytes("old")));
        SiblingSet old = store.versions(key("k"));
        store.put(key("k"), Record.of(bytes("new")));
        store.merge(key("k"), old);
        assertArrayEquals(bytes("new"), store.get(key("k"), now.get()).value());
        assertEquals(1, store.versions(key("k")).siblings().size());
    }

    @Test
    void captureRecordsEachWrittenKeyOnceWithItsLatestState() {
        try (WriteCapture c = store.capture()) {
            store.put(key("a"), Record.of(bytes("1")));
            store.put(key("a"), Record.of(bytes("2")));
            store.remove(key("b"), now.get());
            store.merge(key("c"), peer.versions(key("c")));
            assertEquals(1, c.writes().size());
            assertArrayEquals(bytes("2"), c.writes().get(0).versions().siblings().get(0).value());
        }
        store.put(key("d"), Record.of(bytes("x")));
    }

    @Test
    void listenersHearWritesMergesAndExpiry() {
        List<String> heard = new ArrayList<>();
        store.addChangeListener((k, before, after) -> heard.add(new String(k, StandardCharsets.UTF_8)
                + ":" + before.siblings().size() + "->" + after.siblings().size()));
        store.put(key("t"), Record.of(bytes("v"), now.get() + 10));
        now.addAndGet(11);
        assertNull(store.get(key("t"), now.get()));
        assertEquals(List.of("t:0->1", "t:1->0"), heard);
    }

    @Test
    void aRecordWrittenBeforeVersionsReadsAsOneLegacySiblingThatAWriteSupersedes() {
        raw.put(key("old"), Record.of(bytes("legacy")));
        assertArrayEquals(bytes("legacy"), store.get(key("old"), now.get()).value());
        store.put(key("old"), Record.of(bytes("new")));
        SiblingSet versions = store.versions(key("old"));
        assertEquals(1, versions.siblings().size());
        assertEquals(A, versions.siblings().get(0).dot().node());
    }

    @Test
    void aSingleLiveValueIsServedWithoutDecodingAndCostsLittleMetadata() {
        store.put(key("k"), Record.of(new byte[100], now.get() + 5_000));
        Record stored = raw.get(key("k"), now.get());
        assertTrue(stored.versionMeta().length <= 50, "metadata " + stored.versionMeta().length + " bytes");
        assertEquals(100, stored.value().length);
        assertEquals(now.get() + 5_000, store.get(key("k"), now.get()).expireAtMs());
    }

    private static byte[] key(String s) {
        return bytes(s);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
