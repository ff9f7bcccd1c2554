package io.coterie.server.cluster.replica;

import io.coterie.ring.NodeId;
import io.coterie.ring.quorum.ClientWrite;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VectorClock;
import io.coterie.server.cluster.repair.DigestIndex;
import io.coterie.server.dispatch.DelegatingStore;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.KeyUpdate;
import io.coterie.storage.Store;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node that has never met a peer stores bare records; meeting one switches it to versions for good. */
class StandaloneVersioningTest {

    private static final NodeId A = new NodeId("a".repeat(40));
    private static final NodeId B = new NodeId("b".repeat(40));
    private static final NodeId LEGACY_A = new NodeId("1".repeat(40));
    private static final NodeId LEGACY_B = new NodeId("2".repeat(40));
    private static final long GRACE_MS = 60_000;

    private final AtomicLong now = new AtomicLong(1_763_000_000_000L);
    private final InMemoryStore rawA = new InMemoryStore();
    private final VersionedStore a = standalone(rawA, A, LEGACY_A);

    @Test
    void standalonePlainWritesStoreBareRecordsThatReadAsTheirDirectorysLegacyVersion() {
        a.put(key("k"), Record.of(bytes("v1")));
        a.update(key("k"), now.get(), current -> Mutation.put(current.withValue(bytes("v2")), null));
        assertEquals(0, rawA.get(key("k"), now.get()).versionMeta().length, "no version bytes in the record");
        assertArrayEquals(bytes("v2"), a.get(key("k"), now.get()).value());
        SiblingSet implicit = a.decode(rawA.get(key("k"), now.get()));
        assertEquals(1, implicit.siblings().size());
        assertEquals(LEGACY_A, implicit.siblings().get(0).dot().node());
        assertTrue(a.remove(key("k"), now.get()));
        assertNull(rawA.get(key("k"), now.get()), "a standalone DEL of a bare record leaves no tombstone");
        assertEquals(0, a.size());
    }

    @Test
    void theRawViewWritesABareRecordsImplicitVersionOutForPeers() {
        a.put(key("k"), Record.of(bytes("v")));
        Record explicit = a.raw().get(key("k"), now.get());
        assertNotEquals(0, explicit.versionMeta().length);
        assertEquals(a.decode(rawA.get(key("k"), now.get())), StoredVersions.decode(explicit),
                "any node decodes it to the same version, without knowing this directory's legacy actor");
    }

    @Test
    void vgetGivesABareRecordARealVersionSoALaterPlainWriteIsNotSilentlySuperseded() {
        a.put(key("k"), Record.of(bytes("v1")));
        SiblingSet seen = a.versions(key("k"));
        assertEquals(A, seen.siblings().get(0).dot().node(), "the VGET context names a real dot of this node");
        assertNotEquals(0, rawA.get(key("k"), now.get()).versionMeta().length);
        now.incrementAndGet();
        a.put(key("k"), Record.of(bytes("v2")));
        assertNotEquals(0, rawA.get(key("k"), now.get()).versionMeta().length, "a key with versions keeps them");
        now.incrementAndGet();
        SiblingSet afterVset = a.write(key("k"), new ClientWrite.VSet(seen.context(), bytes("v3"), Record.NO_EXPIRY));
        assertEquals(List.of("v2", "v3"), values(afterVset), "the VSET did not see v2: both stay, as siblings");
    }

    @Test
    void aVsetWithAnEmptyContextOnABareRecordIsItsSibling() {
        a.put(key("k"), Record.of(bytes("plain")));
        now.incrementAndGet();
        SiblingSet blind = a.write(key("k"), new ClientWrite.VSet(VectorClock.empty(), bytes("vset"), Record.NO_EXPIRY));
        assertEquals(List.of("plain", "vset"), values(blind));
    }

    @Test
    void enteringTheClusterIsDurableRunsHooksFirstAndMakesEveryLaterWriteVersioned(@TempDir Path dir) throws Exception {
        VersioningMode mode = VersioningMode.loadOrCreate(dir, true);
        assertFalse(mode.isClustered(), "an empty new directory starts standalone");
        InMemoryStore raw = new InMemoryStore();
        VersionedStore store = new VersionedStore(raw, A, now::get, () -> GRACE_MS, HlcLease.NONE, mode);
        store.put(key("old"), Record.of(bytes("bare")));
        boolean[] hookSawStandalone = {false};
        store.whenClustered(() -> hookSawStandalone[0] = !store.isClustered());
        store.enterCluster();
        assertTrue(hookSawStandalone[0], "hooks run before any write mints versions, so listeners miss none");
        assertTrue(store.isClustered());
        store.put(key("new"), Record.of(bytes("v")));
        store.put(key("old"), Record.of(bytes("v2")));
        assertNotEquals(0, raw.get(key("new"), now.get()).versionMeta().length);
        SiblingSet old = store.versions(key("old"));
        assertEquals(1, old.siblings().size(), "the versioned write supersedes the bare record's implicit version");
        assertEquals(1, old.context().counter(mode.legacyActor()));

        VersioningMode reread = VersioningMode.loadOrCreate(dir, false);
        assertTrue(reread.isClustered(), "clustered for good: " + Files.readString(dir.resolve(VersioningMode.FILE_NAME)));
        assertEquals(mode.legacyActor(), reread.legacyActor());
    }

    @Test
    void aDirectoryWithRecordsButNoModeFileIsClusteredUnderTheOldLegacyNode(@TempDir Path dir) {
        VersioningMode mode = VersioningMode.loadOrCreate(dir, false);
        assertTrue(mode.isClustered());
        assertEquals(StoredVersions.LEGACY_NODE, mode.legacyActor());
    }

    @Test
    void bareRecordsOfTwoStandaloneNodesMetLaterBecomeSiblingsNotOverwrites() {
        InMemoryStore rawB = new InMemoryStore();
        VersionedStore b = standalone(rawB, B, LEGACY_B);
        a.put(key("k"), Record.of(bytes("from-a")));
        b.put(key("k"), Record.of(bytes("from-b")));
        a.enterCluster();
        b.enterCluster();
        SiblingSet merged = a.merge(key("k"), StoredVersions.decode(b.raw().get(key("k"), now.get())));
        assertEquals(List.of("from-a", "from-b"), values(merged));
    }

    @Test
    void digestsOfABareRecordAndOfItsExplicitCopyAgreeAndItsExpiryIsSubtracted() {
        a.put(key("k"), new Record(bytes("v"), now.get() + 1_000, Record.NO_META));
        a.enterCluster();
        DigestIndex index = DigestIndex.attach(a, now::get);
        index.build();
        InMemoryStore rawB = new InMemoryStore();
        VersionedStore b = new VersionedStore(rawB, B, now::get, () -> GRACE_MS);
        b.merge(key("k"), StoredVersions.decode(a.raw().get(key("k"), now.get())));
        DigestIndex other = DigestIndex.attach(b, now::get);
        other.build();
        assertArrayEquals(other.digests().snapshot(), index.digests().snapshot(), "same versions, same digests");
        now.addAndGet(1_001);
        assertNull(a.get(key("k"), now.get()));
        assertEquals(0, index.digests().keys(io.coterie.ring.placement.HashSlots.slotOf(key("k"))),
                "the expired bare record left its slot's digest");
    }

    @Test
    void aPeerReadingABareRecordAfterTheSwitchWaitsForABareWriteStillUnderTheKeysLock() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean pause = new AtomicBoolean();
        InMemoryStore data = new InMemoryStore();
        Store pausing = new DelegatingStore(data) {
            @Override
            public <T> T update(byte[] key, long nowMs, KeyUpdate<T> update) {
                return data.update(key, nowMs, current -> {
                    Mutation<T> m = update.apply(current);
                    if (pause.getAndSet(false)) {
                        inside.countDown();
                        await(release);
                    }
                    return m;
                });
            }
        };
        VersionedStore store = new VersionedStore(pausing, A, now::get, () -> GRACE_MS, HlcLease.NONE,
                VersioningMode.standaloneInMemory(LEGACY_A));
        store.put(key("k"), Record.of(bytes("old")));
        pause.set(true);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = threads.submit(() -> store.put(key("k"), Record.of(bytes("new"))));
            assertTrue(inside.await(10, TimeUnit.SECONDS), "the writer decided on a bare record and holds the lock");
            store.enterCluster();
            Future<Record> peerRead = threads.submit(() -> store.raw().get(key("k"), now.get()));
            Future<SiblingSet> peerVersions = threads.submit(() -> store.versions(key("k")));
            Thread.sleep(200);
            assertFalse(peerRead.isDone(), "the peer's read waits for the bare write in flight");
            release.countDown();
            writer.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("new"), values(StoredVersions.decode(peerRead.get(10, TimeUnit.SECONDS))),
                    "what leaves the node under the legacy dot is the key's last bare value");
            assertEquals(List.of("new"), values(peerVersions.get(10, TimeUnit.SECONDS)));
            store.put(key("k"), Record.of(bytes("newer")));
            assertNotEquals(0, data.get(key("k"), now.get()).versionMeta().length, "and no bare write follows");
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private VersionedStore standalone(InMemoryStore raw, NodeId self, NodeId legacy) {
        return new VersionedStore(raw, self, now::get, () -> GRACE_MS, HlcLease.NONE,
                VersioningMode.standaloneInMemory(legacy));
    }

    private static List<String> values(SiblingSet set) {
        return set.siblings().stream().map(Sibling::value).map(v -> new String(v, StandardCharsets.UTF_8)).sorted().toList();
    }

    private static byte[] key(String s) {
        return bytes(s);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
