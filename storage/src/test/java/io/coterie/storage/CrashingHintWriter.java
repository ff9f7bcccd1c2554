package io.coterie.storage;

import io.coterie.storage.hints.HintStore;
import io.coterie.storage.hints.StoredHint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Child process for {@link HintKillTest}: stores hint i for one of two targets, forgets every fourth
 * one again (as handoff does), fsyncs, and prints "ACK i" — until killed. Small segments, so the kill
 * also lands around roll-overs and segment deletion.
 */
public final class CrashingHintWriter {

    static final long SEGMENT_BYTES = 4096;

    private CrashingHintWriter() {}

    static String target(long i) {
        return (i % 2 == 0 ? "a" : "b").repeat(40);
    }

    static StoredHint hint(long i) {
        byte[] payload = new byte[50 + (int) (i % 200)];
        for (int j = 0; j < payload.length; j++) {
            payload[j] = (byte) (i * 31 + j);
        }
        return new StoredHint(i, target(i), ("key-" + i).getBytes(StandardCharsets.UTF_8), payload, 1_000 + i);
    }

    static boolean forgotten(long i) {
        return i % 4 == 3;
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (HintStore store = HintStore.open(Path.of(args[0]), SEGMENT_BYTES)) {
            for (long i = Long.parseLong(args[1]); ; i++) {
                store.append(hint(i));
                if (forgotten(i)) {
                    store.forget(target(i), List.of(i));
                }
                store.sync();
                out.println("ACK " + i);
            }
        }
    }
}
