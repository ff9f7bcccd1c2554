package io.coterie.server.cluster.replica;

import io.coterie.server.cluster.DurableTextFile;

import java.nio.file.Path;

/** The {@link HlcLease} in {@value #FILE_NAME} in the data directory: one line, {@code hlc-lease <ms>}. */
public final class FileHlcLease implements HlcLease {

    public static final String FILE_NAME = "hlc-lease.conf";
    private static final String KEY = "hlc-lease";

    private final Path file;
    private final long floorMs;

    private FileHlcLease(Path file, long floorMs) {
        this.file = file;
        this.floorMs = floorMs;
    }

    /** @throws IllegalStateException for a damaged file, naming it */
    public static FileHlcLease open(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        return new FileHlcLease(file, DurableTextFile.readFields(file).map(f -> f.requireLong(KEY)).orElse(0L));
    }

    @Override
    public long floorMs() {
        return floorMs;
    }

    @Override
    public void extendTo(long untilMs) {
        DurableTextFile.replace(file, KEY + " " + untilMs + "\n");
    }
}
