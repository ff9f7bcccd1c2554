package io.coterie.storage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/**
 * Manual single-thread throughput check (not a unit test: timings depend on the machine). Run with
 * the test classpath and Chronicle's JVM flags:
 * {@code java <flags> -cp <test classpath> io.coterie.storage.StoreThroughputCheck [keys] [appendfsync]}.
 * Prints put/get ops/s for 16-byte keys and 100-byte values; awaitDurable every 50 writes, as an
 * event loop would per batch. Rates are per second of this thread's CPU time, so other load on a
 * shared machine distorts them less; a plain persisted Chronicle map with byte[] get/put is measured
 * alongside as the baseline.
 */
public final class StoreThroughputCheck {

    private StoreThroughputCheck() {}

    public static void main(String[] args) throws java.io.IOException {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        AppendFsync fsync = args.length > 1 ? AppendFsync.parse(args[1]) : AppendFsync.EVERYSEC;
        Path dir = TempDirs.create("throughput");
        try (ChronicleStore store = ChronicleStore.open(new StoreOptions(dir, fsync, keys, 0))) {
            byte[][] keyBytes = new byte[keys][];
            for (int i = 0; i < keys; i++) {
                keyBytes[i] = String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII);
            }
            byte[] value = new byte[100];
            Arrays.fill(value, (byte) 'x');
            Record record = Record.of(value);
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            ChronicleMap<byte[], byte[]> raw = ChronicleMapBuilder.of(byte[].class, byte[].class)
                    .entries(keys).averageKeySize(24).averageValueSize(128)
                    .createPersistedTo(dir.resolve("raw-baseline.cmap").toFile());
            for (int round = 0; round < 4; round++) {
                long r0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < keys; i++) {
                    raw.put(keyBytes[i], value);
                }
                long r1 = cpu.getCurrentThreadCpuTime();
                long rawFound = 0;
                for (int i = 0; i < keys; i++) {
                    if (raw.get(keyBytes[i]) != null) {
                        rawFound++;
                    }
                }
                long r2 = cpu.getCurrentThreadCpuTime();
                System.out.printf("round %d raw Chronicle map: put %.0f ops/s, get %.0f ops/s (%d found)%n", round,
                        keys / ((r1 - r0) / 1e9), keys / ((r2 - r1) / 1e9), rawFound);
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < keys; i++) {
                    store.put(keyBytes[i], record);
                    if (i % 50 == 49) {
                        store.awaitDurable();
                    }
                }
                store.awaitDurable();
                long t1 = cpu.getCurrentThreadCpuTime();
                long found = 0;
                for (int i = 0; i < keys; i++) {
                    if (store.get(keyBytes[i], 0) != null) {
                        found++;
                    }
                }
                long t2 = cpu.getCurrentThreadCpuTime();
                System.out.printf("round %d ChronicleStore (%s): put %.0f ops/s, get %.0f ops/s (%d found)%n", round, fsync,
                        keys / ((t1 - t0) / 1e9), keys / ((t2 - t1) / 1e9), found);
            }
            raw.close();
        } finally {
            TempDirs.delete(dir);
        }
    }
}
