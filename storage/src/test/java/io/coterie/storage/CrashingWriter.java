package io.coterie.storage;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link KillRecoveryTest}: writes keys under the given {@code appendfsync} and
 * prints "ACK i" once awaitDurable() returned for key i (every {@code ackEvery} keys), until killed. Every 7th value is large enough for a blob file,
 * every 5th key is deleted again, one counter is updated in place, and a checkpoint runs every 97
 * keys, so recovery covers all paths.
 */
public final class CrashingWriter {

    private CrashingWriter() {}

    static byte[] key(int i) {
        return ("key-" + i).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] value(int i) {
        return value(i, true);
    }

    /** With {@code someLarge}, every 7th value needs a blob file; otherwise all are 100 bytes. */
    static byte[] value(int i, boolean someLarge) {
        int size = someLarge && i % 7 == 0 ? 40_000 + i : 100;
        byte[] v = new byte[size];
        for (int j = 0; j < size; j++) {
            v[j] = (byte) (i * 31 + j);
        }
        return v;
    }

    static boolean deletedLater(int i) {
        return i % 5 == 4;
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        AppendFsync fsync = AppendFsync.parse(args[2]);
        int ackEvery = Integer.parseInt(args[3]);
        // Bulk mode (acks in batches, as RecoveryTimeCheck uses it): small values, Chronicle's own checkpoints.
        boolean checkpoints = ackEvery == 1;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ChronicleStore store = ChronicleStore.open(new StoreOptions(dir, fsync, 2_000_000, 0));
        out.println("OPEN");
        for (int i = first; ; i++) {
            store.put(key(i), Record.of(value(i, checkpoints)));
            if (deletedLater(i)) {
                store.remove(key(i), 0);
            }
            int n = i;
            store.update("counter".getBytes(StandardCharsets.UTF_8), 0,
                    cur -> Mutation.put(Record.of(Integer.toString(n).getBytes(StandardCharsets.UTF_8)), null));
            if (i % ackEvery != ackEvery - 1) {
                continue;
            }
            store.awaitDurable();
            out.println("ACK " + i);
            if (checkpoints && i % 97 == 0) {
                // Checkpoints now and then, so the kill also lands during and between them.
                try {
                    store.checkpoint();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }
}
