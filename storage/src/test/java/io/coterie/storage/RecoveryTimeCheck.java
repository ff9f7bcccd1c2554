package io.coterie.storage;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Manual check (not a unit test): a child JVM bulk-loads {@code keys} keys (100-byte values,
 * appendfsync everysec, acknowledged every 10,000), is killed with SIGKILL right after the last
 * acknowledgement, and the store is reopened here; prints the reopen time and verifies a sample.
 * {@code java <flags> -cp <test classpath> io.coterie.storage.RecoveryTimeCheck [keys]}.
 */
public final class RecoveryTimeCheck {

    private RecoveryTimeCheck() {}

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = TempDirs.create("recovery-time");
        try {
            long loadStart = System.nanoTime();
            int lastAck = KillRecoveryTest.runAndKill(dir, 0, keys, AppendFsync.EVERYSEC, 10_000);
            System.out.printf("child loaded %d keys in %d s, then was killed%n", lastAck + 1,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - loadStart));
            KillRecoveryTest.warmUpChronicle();
            long start = System.nanoTime();
            try (ChronicleStore store = ChronicleStore.open(new StoreOptions(dir, AppendFsync.EVERYSEC, 2_000_000, 0))) {
                long reopenMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                int missing = 0;
                for (int i = 0; i <= lastAck; i += 997) {
                    Record r = store.get(CrashingWriter.key(i), 0);
                    boolean expected = !CrashingWriter.deletedLater(i);
                    if (expected && (r == null || !java.util.Arrays.equals(CrashingWriter.value(i, false), r.value()))) {
                        missing++;
                    }
                }
                System.out.printf("reopened after kill -9 in %d ms: %d keys, %d sampled keys missing or wrong%n",
                        reopenMs, store.size(), missing);
            }
        } finally {
            TempDirs.delete(dir);
        }
    }
}
