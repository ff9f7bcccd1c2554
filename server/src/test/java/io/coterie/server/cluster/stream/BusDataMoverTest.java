package io.coterie.server.cluster.stream;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.placement.Ring;
import io.coterie.ring.placement.RingDiff;
import io.coterie.ring.placement.RingMember;
import io.coterie.ring.placement.Transfer;
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.replica.StoredVersions;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.storage.AppendFsync;
import io.coterie.storage.ChronicleStore;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Record;
import io.coterie.storage.Store;
import io.coterie.storage.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Netty buses on 127.0.0.1 moving slots between real stores. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BusDataMoverTest {

    private static final long WAIT_S = 30;
    private static final int N = 3;
    private final StreamNodes nodes = new StreamNodes();

    @TempDir
    Path tmp;

    @AfterEach
    void closeNodes() throws Exception {
        nodes.close();
    }

    @Test
    void pullMovesTheAskedSlotsByteForByteAndNothingElse() throws Exception {
        StreamNodes.Node source = nodes.start(chronicle("source"), StreamLimits.defaults());
        StreamNodes.Node receiver = nodes.start(chronicle("receiver"), StreamLimits.defaults());
        Map<String, StreamedRecord> all = StreamData.fill(source.versioned, 6_000, 200, 11);
        byte[] bigKey = StreamData.bytes("{huge}value");
        source.versioned.put(bigKey, new Record(filled(1 << 20), StreamData.FAR_EXPIRY_MS, Record.NO_META));
        StreamedRecord big = new StreamedRecord(bigKey, source.store.get(bigKey, System.currentTimeMillis()));
        all.put(StreamData.hex(big.key()), big);

        int[] moved = everyFourth(StreamData.slotsOf(all.values()));
        if (Arrays.binarySearch(moved, HashSlots.slotOf(big.key())) < 0) {
            moved = withSlot(moved, HashSlots.slotOf(big.key()));
        }
        List<StreamedRecord> expected = StreamData.inSlots(all.values(), moved);

        DataMover.MoveReport report = receiver.mover.pull(transfers(moved, source.id, receiver.id))
                .get(WAIT_S, TimeUnit.SECONDS);

        expected.forEach(r -> StreamData.assertHolds(receiver.store, r));
        assertEquals(expected.size(), receiver.store.size(), "keys of other slots were moved");
        assertEquals(new DataMover.MoveReport(moved.length, expected.size(), StreamData.recordBytes(expected),
                report.elapsedMs()), report);
        assertEquals(all.size(), source.store.size(), "a pull copies; the source drops its copy later");
        assertEquals(0, source.mover.sourceSessions(), "a finished session is freed");
        System.out.printf("pull: %d slots, %d keys, %.1f MiB in %d ms = %.1f MiB/s%n", report.slots(), report.keys(),
                report.bytes() / 1048576.0, report.elapsedMs(), report.bytes() / 1048576.0 / Math.max(1, report.elapsedMs()) * 1000);
    }

    @Test
    void aNewerVersionThatReachedTheReceiverDuringTheMoveIsNotOverwritten() throws Exception {
        HookedStore sourceStore = new HookedStore(new InMemoryStore());
        StreamNodes.Node source = nodes.start(sourceStore, StreamLimits.defaults().withBatchBytesMax(2_048));
        StreamNodes.Node receiver = nodes.start(new InMemoryStore(), StreamLimits.defaults());
        Map<String, StreamedRecord> all = StreamData.fill(source.versioned, 2_000, 100, 12);
        int[] moved = StreamData.slotsOf(all.values());
        List<StreamedRecord> records = new ArrayList<>(all.values());
        // A coordinator elsewhere overwrites some keys (its versions descend from the source's) and replicates the
        // result to the slot's new replica, the receiver, once the source's pass has begun: the pass still streams
        // the older copies, which the merge must not let win.
        VersionedStore coordinator = new VersionedStore(new InMemoryStore(), nodes.newId(), Clock.system(), () -> 60_000);
        List<StreamedRecord> direct = new ArrayList<>();
        for (int i = 0; i < records.size(); i += 40) {
            byte[] key = records.get(i).key();
            coordinator.merge(key, StoredVersions.decode(records.get(i).record()));
            coordinator.put(key, Record.of(StreamData.bytes("newer, written directly " + i)));
            direct.add(new StreamedRecord(key, coordinator.raw().get(key, System.currentTimeMillis())));
        }
        AtomicBoolean written = new AtomicBoolean();
        sourceStore.resetCounts();
        sourceStore.onScan = n -> {
            if (written.compareAndSet(false, true)) {
                direct.forEach(r -> receiver.versioned.merge(r.key(), StoredVersions.decode(r.record())));
            }
        };

        receiver.mover.pull(transfers(moved, source.id, receiver.id)).get(WAIT_S, TimeUnit.SECONDS);

        assertTrue(written.get());
        direct.forEach(r -> StreamData.assertHolds(receiver.store, r));
        Map<String, StreamedRecord> streamed = new HashMap<>(all);
        direct.forEach(r -> streamed.remove(StreamData.hex(r.key())));
        streamed.values().forEach(r -> StreamData.assertHolds(receiver.store, r));
    }

    @Test
    void pushHandsALeavingNodesSlotsToTheirNewOwnersAndCompletesOnlyWhenAcknowledged() throws Exception {
        StreamNodes.Node leaving = nodes.start(new InMemoryStore(), StreamLimits.defaults().withBatchBytesMax(8_192));
        StreamNodes.Node a = nodes.start(new InMemoryStore(), StreamLimits.defaults());
        StreamNodes.Node b = nodes.start(new InMemoryStore(), StreamLimits.defaults());
        Map<String, StreamedRecord> all = StreamData.fill(leaving.versioned, 4_000, 150, 13);
        int[] slots = StreamData.slotsOf(all.values());
        int[] toA = Arrays.copyOfRange(slots, 0, slots.length / 2);
        int[] toB = Arrays.copyOfRange(slots, slots.length / 2, slots.length);
        List<Transfer> plan = new ArrayList<>(transfers(toA, leaving.id, a.id));
        plan.addAll(transfers(toB, leaving.id, b.id));
        plan.addAll(transfers(new int[]{1}, a.id, b.id)); // not the leaving node's to send: ignored by its push

        DataMover.MoveReport report = leaving.mover.push(plan).get(WAIT_S, TimeUnit.SECONDS);

        List<StreamedRecord> forA = StreamData.inSlots(all.values(), toA);
        List<StreamedRecord> forB = StreamData.inSlots(all.values(), toB);
        forA.forEach(r -> StreamData.assertHolds(a.store, r));
        forB.forEach(r -> StreamData.assertHolds(b.store, r));
        assertEquals(forA.size(), a.store.size());
        assertEquals(forB.size(), b.store.size());
        assertEquals(new DataMover.MoveReport(slots.length, all.size(), StreamData.recordBytes(new ArrayList<>(all.values())),
                report.elapsedMs()), report);
    }

    @Test
    void aSourceThatStaysDownIsRetriedAFewTimesThenTheMoveFailsClearly() throws Exception {
        HookedStore sourceStore = new HookedStore(new InMemoryStore());
        StreamNodes.Node source = nodes.start(sourceStore, StreamLimits.defaults().withBatchBytesMax(1_024));
        StreamNodes.Node receiver = nodes.start(new InMemoryStore(),
                StreamLimits.defaults().withRetries(3, 50, 100));
        Map<String, StreamedRecord> all = StreamData.fill(source.versioned, 2_000, 100, 14);
        sourceStore.resetCounts();
        sourceStore.onGet = n -> {
            if (n == 300) {
                source.transport.close();
            }
        };

        long startNs = System.nanoTime();
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> receiver.mover.pull(transfers(StreamData.slotsOf(all.values()), source.id, receiver.id))
                        .get(WAIT_S, TimeUnit.SECONDS));
        long tookMs = (System.nanoTime() - startNs) / 1_000_000;

        StreamException e = assertInstanceOf(StreamException.class, failed.getCause());
        assertTrue(e.getMessage().startsWith("pull of "), e.getMessage());
        assertTrue(e.getMessage().contains("from " + source.id + " at " + source.transport.localAddress()), e.getMessage());
        assertTrue(e.getMessage().contains("failed after 3 attempts"), e.getMessage());
        assertTrue(receiver.store.size() > 0 && receiver.store.size() < all.size(),
                "moved part of it: " + receiver.store.size());
        assertTrue(tookMs < 10_000, "gave up after " + tookMs + " ms");
    }

    @Test
    void aSourceThatRestartsMidStreamIsResumedAndTheMoveCompletes() throws Exception {
        HookedStore sourceStore = new HookedStore(new InMemoryStore());
        StreamNodes.Node source = nodes.start(sourceStore, StreamLimits.defaults().withBatchBytesMax(1_024));
        StreamNodes.Node receiver = nodes.start(new InMemoryStore(), StreamLimits.defaults().withRetries(5, 100, 500));
        Map<String, StreamedRecord> all = StreamData.fill(source.versioned, 3_000, 100, 15);
        AtomicInteger getsBeforeRestart = new AtomicInteger();
        sourceStore.resetCounts();
        sourceStore.onGet = n -> {
            if (n == 1_500) {
                getsBeforeRestart.set((int) n);
                source.restartBus();
            }
        };

        DataMover.MoveReport report = receiver.mover
                .pull(transfers(StreamData.slotsOf(all.values()), source.id, receiver.id)).get(WAIT_S, TimeUnit.SECONDS);

        assertEquals(1_500, getsBeforeRestart.get());
        all.values().forEach(r -> StreamData.assertHolds(receiver.store, r));
        assertEquals(all.size(), receiver.store.size());
        // The second pass resumed mid-way: it re-sent at most the page it was in, not the whole store again.
        assertTrue(report.keys() >= all.size() && report.keys() < all.size() + 2 * SlotScan.SCAN_PAGE_KEYS,
                "records transferred " + report.keys());
    }

    @Test
    void sessionsSplitTheSlotsAndAtMostTheLimitRunAtOnce() throws Exception {
        HookedStore sourceStore = new HookedStore(new InMemoryStore());
        StreamNodes.Node source = nodes.start(sourceStore, StreamLimits.defaults());
        StreamLimits limits = StreamLimits.defaults().withSessions(2, 5);
        StreamNodes.Node receiver = nodes.start(new InMemoryStore(), limits);
        Map<String, StreamedRecord> all = StreamData.fill(source.versioned, 500, 50, 16);
        int[] moved = Arrays.copyOf(StreamData.slotsOf(all.values()), 23);
        AtomicInteger sessionsMax = new AtomicInteger();
        AtomicInteger scans = new AtomicInteger();
        sourceStore.resetCounts();
        sourceStore.onScan = n -> {
            scans.incrementAndGet();
            sessionsMax.accumulateAndGet(source.mover.sourceSessions(), Math::max);
        };

        DataMover.MoveReport report = receiver.mover.pull(transfers(moved, source.id, receiver.id))
                .get(WAIT_S, TimeUnit.SECONDS);

        List<StreamedRecord> expected = StreamData.inSlots(all.values(), moved);
        expected.forEach(r -> StreamData.assertHolds(receiver.store, r));
        assertEquals(new DataMover.MoveReport(23, expected.size(), StreamData.recordBytes(expected), report.elapsedMs()),
                report);
        assertTrue(sessionsMax.get() >= 1 && sessionsMax.get() <= 2, "sessions open at once: " + sessionsMax.get());
        // 23 slots in sessions of 5: 5 passes over the source's keys.
        int pagesPerPass = (int) Math.ceil(500.0 / SlotScan.SCAN_PAGE_KEYS);
        assertEquals(5 * pagesPerPass, scans.get());
    }

    @Test
    void theThrottleHoldsTheRate() throws Exception {
        StreamNodes.Node source = nodes.start(new InMemoryStore(), StreamLimits.defaults().withBatchBytesMax(32_768));
        StreamNodes.Node receiver = nodes.start(new InMemoryStore(),
                StreamLimits.defaults().withThrottleBytesPerSecond(200_000));
        Map<String, StreamedRecord> all = StreamData.fill(source.versioned, 400, 2_000, 17);

        DataMover.MoveReport report = receiver.mover
                .pull(transfers(StreamData.slotsOf(all.values()), source.id, receiver.id)).get(WAIT_S, TimeUnit.SECONDS);

        // Pay-after: everything but the last batch must fit the rate.
        long paidBytes = report.bytes() - 32_768;
        assertTrue(report.bytes() > 300_000, "bytes " + report.bytes());
        assertTrue(report.elapsedMs() >= paidBytes * 1000 / 200_000,
                report.bytes() + " bytes in " + report.elapsedMs() + " ms");
    }

    @Test
    void versionsSiblingsAndTombstonesMoveIntact() throws Exception {
        StreamNodes.Node source = nodes.start(new InMemoryStore(), StreamLimits.defaults());
        StreamNodes.Node receiver = nodes.start(new InMemoryStore(), StreamLimits.defaults());
        long now = System.currentTimeMillis();
        byte[] deleted = StreamData.bytes("{s}deleted");
        byte[] concurrent = StreamData.bytes("{s}concurrent");
        source.versioned.put(deleted, Record.of(StreamData.bytes("before the delete")));
        receiver.versioned.merge(deleted, source.versioned.versions(deleted));
        source.versioned.remove(deleted, now);
        source.versioned.put(concurrent, Record.of(StreamData.bytes("written at the source")));
        receiver.versioned.put(concurrent, Record.of(StreamData.bytes("written at the receiver")));
        SiblingSet receiverOwn = receiver.versioned.versions(concurrent);

        receiver.mover.pull(transfers(new int[]{HashSlots.slotOf(deleted)}, source.id, receiver.id))
                .get(WAIT_S, TimeUnit.SECONDS);

        assertNull(receiver.versioned.get(deleted, now), "the tombstone travelled and beat the value it deleted");
        assertEquals(source.store.get(deleted, now), receiver.store.get(deleted, now), "the tombstone, byte for byte");
        SiblingSet merged = receiver.versioned.versions(concurrent);
        assertEquals(2, merged.siblings().size(), "concurrent writes are both kept: " + merged);
        assertTrue(merged.siblings().containsAll(receiverOwn.siblings()));
        assertTrue(merged.siblings().containsAll(source.versioned.versions(concurrent).siblings()));
    }

    @Test
    void aJoinMovesKeysInProportionToTheChange() throws Exception {
        List<StreamNodes.Node> old = List.of(nodes.start(new InMemoryStore(), StreamLimits.defaults()),
                nodes.start(new InMemoryStore(), StreamLimits.defaults()),
                nodes.start(new InMemoryStore(), StreamLimits.defaults()));
        StreamNodes.Node joiner = nodes.start(new InMemoryStore(), StreamLimits.defaults());
        Map<NodeId, StreamNodes.Node> byId = new HashMap<>();
        old.forEach(n -> byId.put(n.id, n));
        byId.put(joiner.id, joiner);
        // N = 3: every key on its slot's three replicas (what the quorum coordinator writes).
        Ring before = Ring.of(old.stream().map(n -> RingMember.of(n.id)).toList(), N);
        Ring after = Ring.of(byId.keySet().stream().map(RingMember::of).toList(), N);
        int keyCount = 10_000;
        for (int i = 0; i < keyCount; i++) {
            byte[] key = StreamData.bytes("user:" + i);
            StreamNodes.Node primary = byId.get(before.primary(HashSlots.slotOf(key)));
            primary.versioned.put(key, Record.of(StreamData.bytes("v" + i)));
            for (NodeId replica : before.replicas(HashSlots.slotOf(key))) {
                byId.get(replica).versioned.merge(key, primary.versioned.versions(key));
            }
        }
        int changed = 0;
        for (int i = 0; i < keyCount; i++) {
            changed += after.isReplica(joiner.id, HashSlots.slotOf(StreamData.bytes("user:" + i))) ? 1 : 0;
        }

        List<Transfer> plan = RingDiff.transfers(before, after);
        DataMover.MoveReport report = joiner.mover.pull(plan).get(WAIT_S, TimeUnit.SECONDS);
        for (StreamNodes.Node n : old) {
            assertEquals(DataMover.MoveReport.NOTHING.keys(), n.mover.pull(plan).get(WAIT_S, TimeUnit.SECONDS).keys(),
                    "a join moves data only to the joiner");
        }

        for (int i = 0; i < keyCount; i++) {
            byte[] key = StreamData.bytes("user:" + i);
            for (NodeId replica : after.replicas(HashSlots.slotOf(key))) {
                assertArrayEquals(StreamData.bytes("v" + i),
                        byId.get(replica).versioned.get(key, System.currentTimeMillis()).value());
            }
        }
        assertEquals(changed, report.keys());
        assertEquals(changed, joiner.store.size());
        // Ideal: the joiner's fair share of all N · keys replica-keys.
        double ideal = N * keyCount / 4.0;
        double ratio = report.keys() / ideal;
        System.out.printf("join of a 4th node (N = %d): %d slots, %d replica-keys moved, ideal %.0f, moved/ideal = %.3f, %d ms%n",
                N, report.slots(), report.keys(), ideal, ratio, report.elapsedMs());
        assertTrue(ratio <= 1.1, "moved/ideal = " + ratio);
        assertEquals(plan.size(), report.slots());
    }

    @Test
    void aNodeWithNoKnownAddressFailsTheMoveClearly() throws Exception {
        StreamNodes.Node node = nodes.start(new InMemoryStore(), StreamLimits.defaults().withRetries(2, 10, 10));
        NodeId stranger = nodes.newId();
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> node.mover.pull(transfers(new int[]{7}, stranger, node.id)).get(WAIT_S, TimeUnit.SECONDS));
        assertEquals("pull of 1 slots from " + stranger + " failed after 2 attempts: no bus address known for node "
                + stranger, failed.getCause().getMessage());
    }

    @Test
    void nothingToMoveCompletesAtOnceWithAnEmptyReport() throws Exception {
        StreamNodes.Node node = nodes.start(new InMemoryStore(), StreamLimits.defaults());
        DataMover.MoveReport report = node.mover.pull(List.of()).get(WAIT_S, TimeUnit.SECONDS);
        assertEquals(0, report.slots());
        assertEquals(0, report.keys());
        assertNull(node.store.randomKey(System.currentTimeMillis()));
    }

    private Store chronicle(String name) {
        return ChronicleStore.open(new StoreOptions(tmp.resolve(name), AppendFsync.NO, 100_000, 0));
    }

    private static List<Transfer> transfers(int[] slots, NodeId from, NodeId to) {
        List<Transfer> out = new ArrayList<>();
        for (int slot : slots) {
            out.add(new Transfer(slot, from, to));
        }
        return out;
    }

    private static int[] everyFourth(int[] slots) {
        int[] out = new int[(slots.length + 3) / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = slots[i * 4];
        }
        return out;
    }

    private static int[] withSlot(int[] slots, int slot) {
        int[] out = Arrays.copyOf(slots, slots.length + 1);
        out[slots.length] = slot;
        Arrays.sort(out);
        return out;
    }

    private static byte[] filled(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}
