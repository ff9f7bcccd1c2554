package io.coterie.server.cluster.hints;

import static io.coterie.server.cluster.forward.Topologies.A;
import static io.coterie.server.cluster.forward.Topologies.B;
import static io.coterie.server.cluster.forward.Topologies.address;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.quorum.HintLimits;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VectorClock;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.forward.Topologies;
import io.coterie.server.cluster.runtime.ExecutorScheduler;
import io.coterie.storage.AppendFsync;
import io.coterie.storage.hints.HintStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Manual check (not a unit test: timings depend on the machine): how fast one node keeps hints for a
 * down replica, and hands them off when it is back. Run with the test classpath:
 * {@code java -cp <test classpath> io.coterie.server.cluster.hints.HintThroughputCheck [hints] [appendfsync]}.
 * Four writers keep up to 1000 hints in flight, as coordinators would; 16-byte keys, 100-byte values;
 * handoff to a target that acknowledges at once.
 */
public final class HintThroughputCheck {

    private HintThroughputCheck() {
    }

    public static void main(String[] args) throws Exception {
        int hints = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        AppendFsync fsync = args.length > 1 ? AppendFsync.parse(args[1]) : AppendFsync.EVERYSEC;
        int writers = 4;
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "coterie-hint-check-");
        Map<NodeId, Address> nodes = Map.of(A, address(7001, 17001), B, address(7002, 17002));
        AtomicReference<Topology> topology = new AtomicReference<>(Topologies.of(A, nodes, 2, B));
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        HintedHandoff h = HintedHandoff.create(HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT),
                new HintSettings(true, HintLimits.DEFAULT, fsync, 10_000), new ExecutorScheduler(executor),
                Clock.system(), topology::get, new LinkedTransports().node(nodes.get(A).bus()),
                (target, key, versions) -> CompletableFuture.completedFuture(null), executor::shutdown);
        byte[] value = new byte[100];
        Arrays.fill(value, (byte) 'x');
        SiblingSet versions = SiblingSet.empty().write(VectorClock.empty(), A, value, new HlcTimestamp(1, 0),
                Sibling.NO_EXPIRY, 1);
        Semaphore inFlight = new Semaphore(1000);
        long start = System.nanoTime();
        Thread[] threads = new Thread[writers];
        for (int w = 0; w < writers; w++) {
            int first = w;
            threads[w] = new Thread(() -> {
                for (int i = first; i < hints; i += writers) {
                    inFlight.acquireUninterruptibly();
                    h.store(B, String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII), versions)
                            .whenComplete((ok, err) -> inFlight.release());
                }
            });
            threads[w].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        inFlight.acquireUninterruptibly(1000);
        double storeSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: stored %d hints in %.2f s = %.0f hints/s; %s%n", fsync.redisName(), hints, storeSeconds,
                hints / storeSeconds, h.infoLines());
        topology.set(Topologies.of(A, nodes, 2));
        start = System.nanoTime();
        while (h.pending().stream().anyMatch(p -> p.count() > 0)) {
            Thread.sleep(10);
        }
        double drainSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("handed off in %.2f s (first tick within 1 s) = %.0f hints/s; %s%n", drainSeconds,
                hints / drainSeconds, h.infoLines());
        h.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
