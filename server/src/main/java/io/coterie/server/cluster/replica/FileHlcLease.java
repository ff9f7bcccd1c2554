package io.coterie.server.cluster.replica;

import io.coterie.server.cluster.DurableTextFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The {@link HlcLease} in {@value #FILE_NAME} in the data directory: one line, {@code hlc-lease <ms>}. */
public final class FileHlcLease implements HlcLease {

    public static final String FILE_NAME = "hlc-lease.conf";
    private static final String PREFIX = "hlc-lease ";

    private final Path file;
    private final long floorMs;

    private FileHlcLease(Path file, long floorMs) {
        this.file = file;
        this.floorMs = floorMs;
    }

    /** @throws IllegalStateException for a damaged file, naming it */
    public static FileHlcLease open(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!text.startsWith(PREFIX)) {
                throw new IllegalStateException(file + ": expected '" + PREFIX + "<ms>', found '" + text + "'");
            }
            return new FileHlcLease(file, Long.parseLong(text.substring(PREFIX.length()).trim()));
        } catch (NoSuchFileException e) {
            return new FileHlcLease(file, 0);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + ": the lease is not a number: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public long floorMs() {
        return floorMs;
    }

    @Override
    public void extendTo(long untilMs) {
        DurableTextFile.replace(file, PREFIX + untilMs + "\n");
    }
}
