package io.coterie.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Manual check (not a unit test): {@code threads} writers each do put + awaitDurable under
 * appendfsync always, as event loops would; prints acknowledged writes per second and how many
 * writes one fsync covered. {@code java <flags> -cp <test classpath> io.coterie.storage.GroupCommitCheck [threads]}.
 */
public final class GroupCommitCheck {

    private static final int WRITES_PER_THREAD = 2000;

    private GroupCommitCheck() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        Path dir = TempDirs.create("group-commit");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ChronicleStore store = ChronicleStore.open(new StoreOptions(dir, AppendFsync.ALWAYS, 100_000, 0))) {
            long fsyncsBefore = store.logFsyncCount();
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < WRITES_PER_THREAD; i++) {
                        store.put(("k" + thread + "-" + i).getBytes(StandardCharsets.US_ASCII), Record.of(new byte[100]));
                        store.awaitDurable();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long writes = (long) threads * WRITES_PER_THREAD;
            long fsyncs = store.logFsyncCount() - fsyncsBefore;
            System.out.printf("%d threads: %.0f acknowledged writes/s, %d fsyncs, %.1f writes per fsync%n",
                    threads, writes / seconds, fsyncs, writes / (double) fsyncs);
        } finally {
            pool.shutdownNow();
            TempDirs.delete(dir);
        }
    }
}
