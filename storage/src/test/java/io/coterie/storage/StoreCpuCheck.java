package io.coterie.storage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;

/**
 * Manual check (not a unit test): CPU microseconds per store operation, the metric the server's
 * CPU-per-request budget is set in. {@code threads} writers each take a disjoint set of random
 * 16-byte keys with 100-byte values: insert into a fresh store, overwrite 4 times, get 4 times.
 * awaitDurable every 16 writes, as a pipelined batch of 16 would. Reports the writer threads' CPU
 * (ThreadMXBean) per op and the whole process's CPU (flusher, GC and JIT included) per op.
 * {@code java <flags> -cp <test classpath> io.coterie.storage.StoreCpuCheck [keys] [threads]}.
 */
public final class StoreCpuCheck {

    private StoreCpuCheck() {}

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int perThread = keys / threads;
        Path dir = TempDirs.create("cpu");
        try (ChronicleStore store = ChronicleStore.open(new StoreOptions(dir, AppendFsync.EVERYSEC, keys, 0))) {
            byte[][][] keyBytes = new byte[threads][perThread][16];
            SplittableRandom random = new SplittableRandom(42);
            for (byte[][] ks : keyBytes) {
                for (byte[] k : ks) {
                    for (int i = 0; i < k.length; i++) {
                        k[i] = (byte) random.nextInt(256);
                    }
                }
            }
            byte[] value = new byte[100];
            random.nextBytes(value);
            Record record = Record.of(value);
            String[] phases = {"insert", "overwrite", "overwrite", "overwrite", "overwrite", "get", "get", "get", "get"};
            long[][] cpu = new long[phases.length][threads];
            CyclicBarrier barrier = new CyclicBarrier(threads);
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers[t] = new Thread(() -> {
                    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                    try {
                        for (int p = 0; p < phases.length; p++) {
                            barrier.await();
                            long c0 = mx.getCurrentThreadCpuTime();
                            if (phases[p].equals("get")) {
                                for (byte[] k : keyBytes[id]) {
                                    if (store.get(k, 0) == null) {
                                        throw new AssertionError("missing key");
                                    }
                                }
                            } else {
                                int i = 0;
                                for (byte[] k : keyBytes[id]) {
                                    store.put(k, record);
                                    if (++i % 16 == 0) {
                                        store.awaitDurable();
                                    }
                                }
                                store.awaitDurable();
                            }
                            cpu[p][id] = mx.getCurrentThreadCpuTime() - c0;
                            barrier.await();
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                workers[t].start();
            }
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            // Process CPU per phase: sampled between phases by polling the barrier's state is fiddly;
            // report the total instead, alongside the per-phase thread CPU.
            long p0 = os.getProcessCpuTime();
            for (Thread w : workers) {
                w.join();
            }
            long p1 = os.getProcessCpuTime();
            long total = 0;
            StringBuilder sb = new StringBuilder();
            for (int p = 0; p < phases.length; p++) {
                long sum = 0;
                for (long c : cpu[p]) {
                    sum += c;
                }
                total += sum;
                sb.append(String.format("%s %.2f  ", phases[p], sum / 1e3 / (perThread * threads)));
            }
            System.out.printf("threads=%d keys=%d  thread CPU us/op: %s| process CPU %.2f us/op over all phases (threads %.2f)%n",
                    threads, perThread * threads, sb, (p1 - p0) / 1e3 / (perThread * threads * phases.length),
                    total / 1e3 / (perThread * threads * phases.length));
        } finally {
            TempDirs.delete(dir);
        }
    }
}
