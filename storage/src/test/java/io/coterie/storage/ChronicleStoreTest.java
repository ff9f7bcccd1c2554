package io.coterie.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChronicleStoreTest {

    private static final long NOW = 1_700_000_000_000L;

    private Path dir;
    private ChronicleStore store;

    @BeforeEach
    void open() {
        dir = TempDirs.create("store");
        store = ChronicleStore.open(TempDirs.options(dir, AppendFsync.EVERYSEC, 10_000));
    }

    @AfterEach
    void cleanUp() {
        if (store != null) {
            store.close();
        }
        TempDirs.delete(dir);
    }

    private void reopen() {
        store.close();
        store = ChronicleStore.open(TempDirs.options(dir, AppendFsync.EVERYSEC, 10_000));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] filled(int size, long seed) {
        byte[] v = new byte[size];
        new Random(seed).nextBytes(v);
        return v;
    }

    @Test
    void binaryKeysAndValuesOfEverySizeRoundTripAndSurviveReopen() {
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            allBytes[i] = (byte) i;
        }
        // Up to past the commit log's whole buffer (8 MiB), which takes the oversized-entry path.
        int[] sizes = {0, 1, 100, 10 * 1024, 32 * 1024 - 20, 32 * 1024, 40 * 1024, 1024 * 1024, 2 * 1024 * 1024 + 7,
            ChronicleStore.LOG_BUFFER_BYTES_MAX + 1};
        store.put(allBytes, new Record(allBytes, Record.NO_EXPIRY, allBytes));
        store.put(new byte[0], Record.of(b("empty key")));
        for (int size : sizes) {
            store.put(b("size-" + size), Record.of(filled(size, size)));
        }
        for (int pass = 0; pass < 2; pass++) {
            Record r = store.get(allBytes, NOW);
            assertArrayEquals(allBytes, r.value());
            assertArrayEquals(allBytes, r.versionMeta());
            assertArrayEquals(b("empty key"), store.get(new byte[0], NOW).value());
            for (int size : sizes) {
                assertArrayEquals(filled(size, size), store.get(b("size-" + size), NOW).value(), "size " + size);
            }
            assertEquals(sizes.length + 2, store.size());
            reopen();
        }
    }

    @Test
    void overwritingLargeWithSmallAndBackKeepsOnlyTheLiveValueFile() throws Exception {
        byte[] key = b("k");
        store.put(key, Record.of(filled(100_000, 1)));
        store.put(key, Record.of(filled(200_000, 2)));
        assertEquals(1, countBlobFiles());
        store.put(key, Record.of(b("small")));
        assertEquals(0, countBlobFiles());
        assertArrayEquals(b("small"), store.get(key, NOW).value());
        store.put(key, Record.of(filled(300_000, 3)));
        assertTrue(store.remove(key, NOW));
        assertEquals(0, countBlobFiles());
        assertEquals(0, store.size());
        assertEquals(0, store.stats().usedBytes());
    }

    private long countBlobFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("blobs"))) {
            return s.count();
        }
    }

    @Test
    void expiredRecordsAreNeverReturnedAndAreRemovedOnAccess() {
        store.put(b("ttl"), Record.of(b("v"), NOW + 1000));
        store.put(b("plain"), Record.of(b("v")));
        assertNotNull(store.get(b("ttl"), NOW + 999));
        assertEquals(1, store.stats().keysWithExpiry());
        assertNull(store.get(b("ttl"), NOW + 1000), "expiry equal to now counts as expired");
        assertEquals(1, store.size());
        assertEquals(1, store.stats().expiredKeys());
        assertEquals(0, store.stats().keysWithExpiry());
        store.put(b("ttl2"), Record.of(b("v"), NOW + 10));
        assertFalse(store.remove(b("ttl2"), NOW + 10), "removing an expired key reports no live key");
        store.put(b("ttl3"), Record.of(b("v"), NOW + 10));
        Boolean sawCurrent = store.update(b("ttl3"), NOW + 20, current -> Mutation.keep(current != null));
        assertFalse(sawCurrent);
        assertNull(store.get(b("ttl3"), NOW));
        assertEquals(1, store.size());
    }

    @Test
    void activeExpiryRemovesOnlyDueKeysAndVisitsOnlyKeysWithExpiry() {
        for (int i = 0; i < 2000; i++) {
            store.put(b("plain-" + i), Record.of(b("v")));
        }
        for (int i = 0; i < 10; i++) {
            store.put(b("soon-" + i), Record.of(b("v"), NOW + 100 + i));
            store.put(b("later-" + i), Record.of(b("v"), NOW + 100_000));
        }
        assertEquals(20, store.stats().keysWithExpiry());
        assertEquals(0, store.expireCycle(NOW + 99, 1000));
        assertEquals(4, store.expireCycle(NOW + 1000, 4), "bounded by maxKeysExamined");
        assertEquals(6, store.expireCycle(NOW + 1000, 1000));
        assertEquals(2010, store.size());
        assertEquals(10, store.stats().keysWithExpiry());
        assertEquals(10, store.stats().expiredKeys());
        // A key whose TTL was removed (PERSIST) is not expired by its old index entry.
        store.put(b("later-0"), Record.of(b("v")));
        assertEquals(9, store.expireCycle(NOW + 200_000, 1000));
        assertNotNull(store.get(b("later-0"), NOW + 200_000));
        assertEquals(0, store.stats().keysWithExpiry());
    }

    @Test
    void ttlAndDataSurviveRestart() {
        for (int i = 0; i < 500; i++) {
            store.put(b("k" + i), Record.of(b("v" + i), i % 2 == 0 ? NOW + 5000 : Record.NO_EXPIRY));
        }
        store.put(b("big"), Record.of(filled(1 << 20, 9), NOW + 5000));
        assertFalse(store.recoveredFromCrash(), "a new store has no previous run");
        reopen();
        assertFalse(store.recoveredFromCrash(), "closed cleanly");
        assertEquals(501, store.size());
        assertEquals(251, store.stats().keysWithExpiry());
        assertEquals(NOW + 5000, store.get(b("k0"), NOW).expireAtMs());
        assertEquals(Record.NO_EXPIRY, store.get(b("k1"), NOW).expireAtMs());
        assertArrayEquals(filled(1 << 20, 9), store.get(b("big"), NOW).value());
        assertEquals(251, store.expireCycle(NOW + 5000, 10_000));
        assertEquals(250, store.size());
    }

    @Test
    void clearIsLoggedAndReplayed() {
        store.put(b("a"), Record.of(b("1")));
        store.put(b("big"), Record.of(filled(100_000, 1)));
        store.clear();
        store.put(b("b"), Record.of(b("2")));
        assertEquals(1, store.size());
        reopen();
        assertNull(store.get(b("a"), NOW));
        assertNull(store.get(b("big"), NOW));
        assertArrayEquals(b("2"), store.get(b("b"), NOW).value());
        assertEquals(1, store.size());
    }

    @Test
    void clearRacingWithLargeValuePutsNeverLeavesAKeyWithoutItsValueFile() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread clearer = new Thread(() -> {
            while (!stop.get()) {
                store.clear();
            }
        });
        clearer.start();
        try {
            for (int i = 0; i < 300; i++) {
                store.put(b("big-" + (i % 10)), Record.of(filled(50_000, i)));
                // Cleared meanwhile is fine; present without its value file is the bug.
                Record r = store.get(b("big-" + (i % 10)), NOW);
                if (r != null) {
                    assertEquals(50_000, r.value().length);
                }
            }
        } finally {
            stop.set(true);
            clearer.join();
        }
        for (int i = 0; i < 10; i++) {
            Record r = store.get(b("big-" + i), NOW);
            if (r != null) {
                assertEquals(50_000, r.value().length);
            }
        }
        assertEquals(store.size(), countBlobFiles());
    }

    @Test
    void concurrentUpdatesOfOneKeyAreAtomic() throws Exception {
        int threads = 4;
        int perThread = 10_000;
        byte[] key = b("counter");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        store.update(key, NOW, current -> {
                            long n = current == null ? 0 : Long.parseLong(new String(current.value(), StandardCharsets.US_ASCII));
                            return Mutation.put(Record.of(Long.toString(n + 1).getBytes(StandardCharsets.US_ASCII)), n + 1);
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("40000", new String(store.get(key, NOW).value(), StandardCharsets.US_ASCII));
        reopen();
        assertEquals("40000", new String(store.get(key, NOW).value(), StandardCharsets.US_ASCII));
    }

    @Test
    void scanReturnsEveryKeyPresentThroughoutDespiteConcurrentWrites() throws Exception {
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            store.put(b("stable-" + i), Record.of(b("v")));
            stable.add("stable-" + i);
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                store.put(b("churn-" + (i % 2000)), Record.of(b("v")));
                store.remove(b("churn-" + ((i + 1000) % 2000)), NOW);
                i++;
            }
        });
        churn.start();
        Set<String> seen = new HashSet<>();
        try {
            long cursor = 0;
            int pages = 0;
            do {
                ScanPage page = store.scan(cursor, 10);
                page.keys().forEach(k -> seen.add(new String(k, StandardCharsets.UTF_8)));
                cursor = page.nextCursor();
                pages++;
                assertTrue(pages < 100_000, "scan terminates");
            } while (cursor != 0);
        } finally {
            stop.set(true);
            churn.join();
        }
        assertTrue(seen.containsAll(stable), "missing " + (stable.size() - seen.stream().filter(stable::contains).count()));
    }

    @Test
    void scanCoversSegmentsThatOverflowedIntoExtraTiers() {
        store.close();
        TempDirs.delete(dir);
        dir = TempDirs.create("tiers");
        store = ChronicleStore.open(TempDirs.options(dir, AppendFsync.NO, 1024));
        // 1 KB records where the map expects ~128 B: segments chain extra tiers (and the map fills
        // at about 900 such keys, see chronicleRunningOutOfSpace...).
        for (int i = 0; i < 600; i++) {
            store.put(b("k" + i), Record.of(filled(1000, i)));
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        do {
            ScanPage page = store.scan(cursor, 100);
            page.keys().forEach(k -> seen.add(new String(k, StandardCharsets.UTF_8)));
            cursor = page.nextCursor();
        } while (cursor != 0);
        assertEquals(600, seen.size());
        List<byte[]> all = new ArrayList<>();
        store.forEachKey(NOW, all::add);
        assertEquals(600, all.size());
    }

    @Test
    void chronicleRecoveryKeepsEntriesInExtraTiers() throws Exception {
        store.close();
        TempDirs.delete(dir);
        dir = TempDirs.create("recover-tiers");
        store = ChronicleStore.open(TempDirs.options(dir, AppendFsync.NO, 1024));
        for (int i = 0; i < 600; i++) {
            store.put(b("k" + i), Record.of(filled(1000, i)));
        }
        store.close();
        // As after a crash right after a checkpoint: no marker, nothing left in the log to replay;
        // and the operator changed maxkeys meanwhile: recovery must still use the file's sizing.
        Files.delete(dir.resolve("clean-shutdown"));
        store = ChronicleStore.open(TempDirs.options(dir, AppendFsync.NO, 100_000));
        assertEquals(600, store.size());
        for (int i = 0; i < 600; i++) {
            assertArrayEquals(filled(1000, i), store.get(b("k" + i), NOW).value(), "key " + i);
        }
    }

    @Test
    void checkpointTrimsTheLogAndKeepsEverything() throws Exception {
        for (int i = 0; i < 1000; i++) {
            store.put(b("k" + i), Record.of(filled(1000, i)));
        }
        store.awaitDurable();
        long before = store.stats().logBytes();
        assertTrue(before > 1000 * 1000, "log holds the writes: " + before);
        store.checkpoint();
        assertTrue(store.stats().logBytes() < 100, "log after checkpoint: " + store.stats().logBytes());
        try (Stream<Path> segments = Files.list(dir.resolve("log"))) {
            assertEquals(1, segments.count());
        }
        reopen();
        for (int i = 0; i < 1000; i++) {
            assertArrayEquals(filled(1000, i), store.get(b("k" + i), NOW).value());
        }
    }

    @Test
    void everysecFsyncsInTheBackgroundWithoutAnyCaller() throws Exception {
        store.put(b("k"), Record.of(b("v")));
        long before = System.currentTimeMillis();
        long deadline = before + 5_000;
        while (store.stats().lastFsyncEpochMs() < before && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(store.stats().lastFsyncEpochMs() >= before, "background fsync within ~1 s");
    }

    @Test
    void randomKeyAndForEachKeySkipExpiredKeys() {
        assertNull(store.randomKey(NOW));
        store.put(b("dead"), Record.of(b("v"), NOW - 1));
        assertNull(store.randomKey(NOW));
        store.put(b("live"), Record.of(b("v")));
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(b("live"), store.randomKey(NOW));
        }
        List<String> keys = new ArrayList<>();
        store.forEachKey(NOW, k -> keys.add(new String(k, StandardCharsets.UTF_8)));
        assertEquals(List.of("live"), keys);
    }

    @Test
    void fullMapRefusesNewKeysButKeepsDataAndAcceptsOverwritesAndDeletes() {
        store.close();
        TempDirs.delete(dir);
        dir = TempDirs.create("full");
        store = ChronicleStore.open(TempDirs.options(dir, AppendFsync.NO, 1000));
        for (int i = 0; i < 1000; i++) {
            store.put(b("k" + i), Record.of(filled(100, i)));
        }
        StoreFullException e = assertThrows(StoreFullException.class, () -> store.put(b("one-more"), Record.of(b("v"))));
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
        assertThrows(StoreFullException.class,
                () -> store.update(b("one-more"), NOW, cur -> Mutation.put(Record.of(b("v")), null)));
        store.put(b("k1"), Record.of(b("overwrite")));
        assertTrue(store.remove(b("k2"), NOW));
        store.put(b("one-more"), Record.of(b("fits now")));
        reopen();
        assertEquals(1000, store.size());
        assertArrayEquals(b("overwrite"), store.get(b("k1"), NOW).value());
        assertNull(store.get(b("k2"), NOW));
        for (int i = 3; i < 1000; i++) {
            assertArrayEquals(filled(100, i), store.get(b("k" + i), NOW).value());
        }
    }

    @Test
    void chronicleRunningOutOfSpaceIsAStoreFullExceptionAndLeavesDataIntact() {
        store.close();
        TempDirs.delete(dir);
        dir = TempDirs.create("bloat");
        // Capacity of 1024 keys but records of ~30 KB: Chronicle's space runs out long before the key limit.
        store = ChronicleStore.open(TempDirs.options(dir, AppendFsync.NO, 1024));
        int stored = 0;
        StoreFullException full = null;
        for (int i = 0; i < 1024 && full == null; i++) {
            try {
                store.put(b("k" + i), Record.of(filled(30_000, i)));
                stored++;
            } catch (StoreFullException e) {
                full = e;
            }
        }
        assertNotNull(full, "expected Chronicle to run out of space");
        assertEquals(stored, store.size());
        reopen();
        assertEquals(stored, store.size());
        for (int i = 0; i < stored; i++) {
            assertArrayEquals(filled(30_000, i), store.get(b("k" + i), NOW).value());
        }
        assertNull(store.get(b("k" + stored), NOW), "the refused write is not resurrected by replay");
    }

    @Test
    void maxMemoryRefusesGrowthButAllowsDeletesAndShrinkingOverwrites() {
        for (int i = 0; i < 100; i++) {
            store.put(b("k" + i), Record.of(filled(100, i)));
        }
        long used = store.stats().usedBytes();
        assertTrue(used >= 100 * (100 + 2 + 32), "usedBytes " + used);
        store.setMaxMemoryBytes(used);
        assertThrows(StoreFullException.class, () -> store.put(b("new"), Record.of(b("v"))));
        assertThrows(StoreFullException.class, () -> store.put(b("k0"), Record.of(filled(200, 0))));
        store.put(b("k0"), Record.of(b("smaller")));
        assertTrue(store.remove(b("k1"), NOW));
        assertTrue(store.stats().usedBytes() < used);
        store.put(b("new"), Record.of(b("v")));
        store.setMaxMemoryBytes(0);
        store.put(b("k1"), Record.of(filled(10_000, 1)));
        assertEquals(101, store.size());
    }

    @Test
    void appendFsyncChangesLiveAndAlwaysMakesWritesDurableAtOnce() {
        store.setAppendFsync(AppendFsync.ALWAYS);
        assertEquals(AppendFsync.ALWAYS, store.appendFsync());
        store.put(b("k"), Record.of(b("v")));
        long before = System.currentTimeMillis();
        store.awaitDurable();
        StoreStats s = store.stats();
        assertTrue(s.lastFsyncEpochMs() >= before, "fsynced by awaitDurable");
        assertTrue(s.logBytes() > 0);
        assertEquals(0, s.fsyncErrors());
    }

    @Test
    void aDurabilityMarkTakenOnTheWritingThreadIsMadeDurableByAnotherThread() throws Exception {
        store.setAppendFsync(AppendFsync.ALWAYS);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            long[] writeEnd = new long[1];
            DurabilityMark mark = writer.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    store.put(b("k" + i), Record.of(filled(1000, i)));
                }
                writeEnd[0] = store.lastAppendEndOfThisThread();
                return store.durabilityMark();
            }).get();
            mark.await();
            assertTrue(store.logDurablePosition() >= writeEnd[0],
                    "fsynced up to " + store.logDurablePosition() + ", the writer's writes end at " + writeEnd[0]);
            assertEquals(0, store.lastAppendEndOfThisThread(), "this thread wrote nothing: the mark did the work");
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void closedStoreRefusesCalls() {
        store.close();
        assertThrows(IllegalStateException.class, () -> store.get(b("k"), NOW));
        store.close();
        store = null;
    }
}
