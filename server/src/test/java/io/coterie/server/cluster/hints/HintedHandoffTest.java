package io.coterie.server.cluster.hints;

import static io.coterie.server.cluster.forward.Topologies.A;
import static io.coterie.server.cluster.forward.Topologies.B;
import static io.coterie.server.cluster.forward.Topologies.C;
import static io.coterie.server.cluster.forward.Topologies.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.quorum.HintLimits;
import io.coterie.ring.quorum.PendingHints;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VectorClock;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.bus.BusException;
import io.coterie.server.cluster.forward.Topologies;
import io.coterie.server.command.TestContext;
import io.coterie.server.command.cluster.ClusterCommands;
import io.coterie.storage.AppendFsync;
import io.coterie.storage.hints.HintInfo;
import io.coterie.storage.hints.HintStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HintedHandoff on a virtual clock, a hand-driven topology, an in-memory bus and a real hint store. */
class HintedHandoffTest {

    private static final long START_MS = 1_700_000_000_000L;
    private static final long WINDOW_MS = 60_000;
    private static final NodeId D = new NodeId("d".repeat(40));

    @TempDir
    Path dir;

    private final Map<NodeId, Address> nodes = Map.of(A, address(7001, 17001), B, address(7002, 17002),
            C, address(7003, 17003));
    private final ManualScheduler scheduler = new ManualScheduler(START_MS);
    private final AtomicReference<Topology> topology = new AtomicReference<>(Topologies.of(A, nodes, 3, B, C));
    private final LinkedTransports bus = new LinkedTransports();
    private final FakeDelivery delivery = new FakeDelivery();

    private static HintSettings settings(boolean enabled, long bytesMax, AppendFsync fsync) {
        return new HintSettings(enabled, new HintLimits(100, bytesMax, WINDOW_MS, 2, 1 << 20), fsync, 600_000);
    }

    private static final HintSettings DEFAULT = settings(true, 10_000, AppendFsync.NO);

    private HintedHandoff open(NodeId self, Path hintDir, ManualScheduler on, HintSettings s) throws IOException {
        AtomicReference<Topology> view = self.equals(A) ? topology : new AtomicReference<>(Topologies.of(self, nodes, 3, C));
        return HintedHandoff.create(HintStore.open(hintDir, 1 << 16), s, on, on.clock(), view::get,
                bus.node(nodes.get(self).bus()), delivery, () -> { });
    }

    private HintedHandoff open() throws IOException {
        return open(A, dir.resolve("a"), scheduler, DEFAULT);
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    private static SiblingSet version(String value, long ms) {
        return SiblingSet.empty().write(VectorClock.empty(), A, key(value), new HlcTimestamp(ms, 0), Sibling.NO_EXPIRY, ms);
    }

    private static <T> T done(CompletableFuture<T> f) {
        assertTrue(f.isDone(), "completed on the hint thread before returning");
        return f.join();
    }

    private static long bytes(String k, SiblingSet v) {
        return key(k).length + v.encode().length;
    }

    private void allLive() {
        topology.set(Topologies.of(A, nodes, 3));
    }

    @Test
    void aHintForADownReplicaIsStoredAndShownPending() throws IOException {
        try (HintedHandoff h = open()) {
            SiblingSet v = version("v1", START_MS);
            assertTrue(done(h.store(B, key("k1"), v)));
            assertEquals(List.of(new PendingHints(B, 1, bytes("k1", v), 0, START_MS, 0)), h.pending());
            assertEquals(List.of("hints_pending:1", "hints_delivered:0", "hints_dropped:0"), h.infoLines());
        }
    }

    @Test
    void hintsForThisNodeOrStrangersOrWithHandoffOffAreRefused() throws IOException {
        try (HintedHandoff h = open()) {
            assertFalse(done(h.store(A, key("k"), version("v", START_MS))), "a node keeps no hints for itself");
            assertFalse(done(h.store(D, key("k"), version("v", START_MS))), "not a member");
            assertFalse(done(h.store(B, key("k"), version("x".repeat(10_001), START_MS))), "over hint-bytes-max");
            h.reconfigure(settings(false, 10_000, AppendFsync.NO));
            assertFalse(done(h.store(B, key("k"), version("v", START_MS))), "hinted-handoff no");
            assertEquals(List.of(new PendingHints(B, 0, 0, 0, -1, 1)), h.pending(), "only the oversized one counts as dropped");
        }
    }

    @Test
    void pastTheWindowOldHintsExpireAndANodeDownThatLongGetsNoNewOnes() throws IOException {
        try (HintedHandoff h = open()) {
            assertTrue(done(h.store(B, key("k1"), version("v1", START_MS))));
            scheduler.advance(WINDOW_MS);
            assertTrue(done(h.store(B, key("k2"), version("v2", START_MS))), "down exactly the window: still hinted");
            scheduler.advance(1_000);
            assertEquals(1, h.pending().get(0).count(), "the first hint expired at the tick after the window");
            assertFalse(done(h.store(B, key("k3"), version("v3", START_MS))), "down longer than the window");
            assertEquals(List.of("hints_pending:1", "hints_delivered:0", "hints_dropped:2"), h.infoLines());
            assertFalse(done(h.store(C, key("k4"), version("v4", START_MS))), "C was seen down as long");
            topology.set(Topologies.of(A, nodes, 3, B));
            scheduler.advance(1_000);
            topology.set(Topologies.of(A, nodes, 3, B, C));
            assertTrue(done(h.store(C, key("k4"), version("v4", START_MS))), "C came back and went down again: a new window");
        }
    }

    @Test
    void underAppendfsyncAlwaysOneFsyncCoversEveryHintAdmittedBeforeIt() throws IOException {
        try (HintedHandoff h = open(A, dir.resolve("a"), scheduler, settings(true, 10_000, AppendFsync.ALWAYS))) {
            scheduler.hold();
            List<CompletableFuture<Boolean>> stored = List.of(h.store(B, key("k1"), version("v1", START_MS)),
                    h.store(B, key("k2"), version("v2", START_MS)), h.store(C, key("k3"), version("v3", START_MS)));
            scheduler.step();
            scheduler.step();
            scheduler.step();
            assertEquals(1, scheduler.queued(), "three admissions queued one fsync");
            assertTrue(stored.stream().noneMatch(CompletableFuture::isDone), "nothing is reported before its fsync");
            scheduler.step();
            assertTrue(stored.stream().allMatch(CompletableFuture::join));
            scheduler.release();
        }
    }

    @Test
    void whenTheTargetIsLiveAgainItsHintsAreHandedOffInBatchesOldestFirst() throws IOException {
        try (HintedHandoff h = open()) {
            for (int i = 1; i <= 3; i++) {
                assertTrue(done(h.store(B, key("k" + i), version("v" + i, START_MS + i))));
            }
            scheduler.advance(1_000);
            assertEquals(0, delivery.sent.size(), "B is down");
            allLive();
            scheduler.advance(1_000);
            assertEquals(2, delivery.sent.size(), "one batch of batchCountMax hints");
            assertEquals(2, h.pending().get(0).inFlight());
            delivery.finishAll(true);
            assertEquals(3, delivery.sent.size(), "a batch that got through starts the next at once");
            delivery.finishAll(true);
            assertEquals(List.of("k1", "k2", "k3"), delivery.sent.stream().map(FakeDelivery.Sent::keyText).toList());
            assertEquals(version("v2", START_MS + 2), delivery.sent.get(1).versions());
            assertTrue(delivery.sent.stream().allMatch(s -> s.target().equals(B)));
            assertEquals(List.of(), h.pending());
            assertEquals(List.of("hints_pending:0", "hints_delivered:3", "hints_dropped:0"), h.infoLines());
        }
        try (HintStore reopened = HintStore.open(dir.resolve("a"), 1 << 16)) {
            assertEquals(List.of(), reopened.hints(), "delivered hints are forgotten on disk too");
        }
    }

    @Test
    void aFailedBatchIsRetriedWithExponentialBackoffUntilItGetsThrough() throws IOException {
        allLive();
        try (HintedHandoff h = open()) {
            assertTrue(done(h.store(B, key("k1"), version("v1", START_MS))));
            scheduler.advance(1_000);
            assertEquals(1, delivery.sent.size());
            delivery.finishAll(false);
            assertEquals(List.of(new PendingHints(B, 1, bytes("k1", version("v1", START_MS)), 0, START_MS, 0)),
                    h.pending(), "pending again, not in flight");
            scheduler.advance(1_000);
            assertEquals(2, delivery.sent.size(), "retried after 1 s");
            delivery.finishAll(false);
            scheduler.advance(1_000);
            assertEquals(2, delivery.sent.size(), "the second failure waits 2 s");
            scheduler.advance(1_000);
            assertEquals(3, delivery.sent.size());
            delivery.finishAll(true);
            assertEquals(List.of(), h.pending());
            assertEquals(List.of("hints_pending:0", "hints_delivered:1", "hints_dropped:0"), h.infoLines());
        }
    }

    @Test
    void aRestartAfterAKillReloadsEveryUndeliveredHintAndDeliversItIntact() throws IOException {
        HintedHandoff killed = open();
        assertTrue(done(killed.store(B, key("k1"), version("v1", START_MS))));
        assertTrue(done(killed.store(C, key("k2"), version("v2", START_MS))));
        assertTrue(done(killed.store(B, key("k3"), version("v3", START_MS))));
        List<PendingHints> before = killed.pending();
        // kill -9: the old instance is never closed; a new one opens the same directory.
        ManualScheduler restarted = new ManualScheduler(START_MS + 5_000);
        try (HintedHandoff h = open(A, dir.resolve("a"), restarted, DEFAULT)) {
            assertEquals(before, h.pending());
            allLive();
            restarted.advance(1_000);
            delivery.finishAll(true);
            assertEquals(List.of("k1", "k3", "k2"), delivery.sent.stream().map(FakeDelivery.Sent::keyText).toList());
            assertEquals(version("v3", START_MS), delivery.sent.get(1).versions());
            assertEquals(List.of(), h.pending());
        }
    }

    @Test
    void loweringHintBytesMaxDropsTheOldestHintsAtOnceAndOnDisk() throws IOException {
        SiblingSet v = version("v", START_MS);
        try (HintedHandoff h = open()) {
            for (int i = 1; i <= 3; i++) {
                assertTrue(done(h.store(B, key("k" + i), v)));
            }
            h.reconfigure(settings(true, bytes("k1", v), AppendFsync.NO));
            assertEquals(List.of(new PendingHints(B, 1, bytes("k1", v), 0, START_MS, 2)), h.pending());
            assertEquals("hints_dropped:2", h.infoLines().get(2));
        }
        try (HintStore reopened = HintStore.open(dir.resolve("a"), 1 << 16)) {
            assertEquals(List.of(3L), reopened.hints().stream().map(HintInfo::id).toList());
        }
    }

    @Test
    void aSloppyWriteToAFallbackIsKeptThereAsAHintForTheHomeReplica() throws IOException {
        try (HintedHandoff coordinator = open(); HintedHandoff fallback = open(B, dir.resolve("b"), scheduler, DEFAULT)) {
            SiblingSet v = version("v1", START_MS);
            assertEquals(null, done(coordinator.sendHintedWrite(B, C, key("k1"), v, 1_000)));
            assertEquals(List.of(new PendingHints(C, 1, bytes("k1", v), 0, START_MS, 0)), fallback.pending());
            assertEquals(List.of(), coordinator.pending());
            assertEquals(null, done(coordinator.sendHintedWrite(A, C, key("k2"), v, 1_000)), "the coordinator as its own fallback");
            assertEquals(1, coordinator.pending().get(0).count());
            fallback.reconfigure(settings(false, 10_000, AppendFsync.NO));
            CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> coordinator.sendHintedWrite(B, C, key("k3"), v, 1_000).join());
            assertInstanceOf(BusException.class, refused.getCause());
            assertEquals("hint refused: hinted-handoff is off", refused.getCause().getMessage());
            CompletionException stranger = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> coordinator.sendHintedWrite(D, C, key("k3"), v, 1_000).join());
            assertInstanceOf(BusException.class, stranger.getCause());
        }
    }

    @Test
    void aMalformedHintedWriteIsAnsweredWithAnErrorNotAHint() throws IOException {
        try (HintedHandoff fallback = open(B, dir.resolve("b"), scheduler, DEFAULT)) {
            CompletableFuture<byte[]> reply = bus.node(address(7009, 17009).bus()).request(nodes.get(B).bus(),
                    HintedWriteCodec.HINTED_WRITE_TYPE, new byte[] {1, 2, 3}, 1_000);
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, reply::join);
            assertTrue(e.getCause().getMessage().startsWith("malformed hinted write: "), e.getCause().getMessage());
            assertEquals(List.of(), fallback.pending());
        }
    }

    @Test
    void clusterHintsListsEachTargetAsAFlatFieldValueArray() throws IOException {
        try (HintedHandoff h = open()) {
            assertTrue(done(h.store(B, key("k1"), version("v1", START_MS))));
            TestContext ctx = TestContext.of(new ClusterCommands(Optional::empty, () -> Optional.of(h)).specs());
            long bytes = bytes("k1", version("v1", START_MS));
            assertEquals("[[\"node\", \"" + B.value() + "\", \"count\", :1, \"bytes\", :" + bytes
                    + ", \"in_flight\", :0, \"oldest_ms\", :" + START_MS + ", \"dropped\", :0]]",
                    ctx.call("CLUSTER", "HINTS").toString());
            assertEquals("-ERR wrong number of arguments for 'cluster|hints' command", ctx.call("CLUSTER", "HINTS", "x").toString());
        }
        TestContext without = TestContext.of(new ClusterCommands(Optional::empty).specs());
        assertEquals("-ERR hinted handoff is not running on this node", without.call("CLUSTER", "HINTS").toString());
    }
}
