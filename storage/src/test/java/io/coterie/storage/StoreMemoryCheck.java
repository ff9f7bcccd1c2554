package io.coterie.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Manual memory check (not a unit test): loads {@code keys} 16-byte keys with 100-byte values, as the
 * SPEC's memory target does, and prints process RSS growth, the map file's size on disk and usedBytes.
 * {@code java <flags> -cp <test classpath> io.coterie.storage.StoreMemoryCheck [keys] [maxKeys]}.
 */
public final class StoreMemoryCheck {

    private StoreMemoryCheck() {}

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long maxKeys = args.length > 1 ? Long.parseLong(args[1]) : keys;
        Path dir = TempDirs.create("memory");
        try {
            byte[] value = new byte[100];
            Arrays.fill(value, (byte) 'v');
            Record record = Record.of(value);
            ChronicleStore store = ChronicleStore.open(new StoreOptions(dir, AppendFsync.EVERYSEC, maxKeys, 0));
            System.gc();
            long rssBefore = rssKb();
            for (int i = 0; i < keys; i++) {
                store.put(String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII), record);
            }
            store.awaitDurable();
            System.gc();
            Thread.sleep(500);
            long rssAfter = rssKb();
            System.out.printf("keys=%d maxKeys=%d: RSS %d MB -> %d MB (growth %d MB), map file %d MB apparent / %d MB on disk, usedBytes %d MB, log %d MB%n",
                    keys, maxKeys, rssBefore / 1024, rssAfter / 1024, (rssAfter - rssBefore) / 1024,
                    Files.size(dir.resolve("records.cmap")) >> 20, duKb(dir.resolve("records.cmap")) >> 10,
                    store.stats().usedBytes() >> 20, store.stats().logBytes() >> 20);
            store.close();
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    private static long duKb(Path file) throws Exception {
        Process p = new ProcessBuilder("du", "-k", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return Long.parseLong(out.split("\\s+")[0]);
    }
}
