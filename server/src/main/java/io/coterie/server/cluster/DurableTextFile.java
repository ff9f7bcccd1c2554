package io.coterie.server.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replaces a small text file in the data directory crash-safely: write a temporary file and force it, rename it over
 * the old one, force the directory. A crash leaves the old file or the new one, never half of either; a temporary
 * file it leaves behind is overwritten by the next replace.
 */
public final class DurableTextFile {

    public static final String TEMP_SUFFIX = ".tmp";

    private DurableTextFile() {
    }

    /** @throws UncheckedIOException if any step fails (the old file is then still there, whole) */
    public static void replace(Path file, String text) {
        Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The {@code key value} lines of a small file this class wrote; empty if there is no file.
     *
     * @throws IllegalStateException naming the file, for a line that is not {@code key value}
     */
    public static Optional<Fields> readFields(Path file) {
        return readLines(file).map(lines -> fields(file, lines));
    }

    /** The lines of a small file this class wrote; empty if there is no file. */
    public static Optional<List<String>> readLines(Path file) {
        try {
            return Optional.of(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Fields fields(Path file, List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 2) {
                throw new IllegalStateException(file + ": expected 'key value' lines, found '" + line + "'");
            }
            values.put(parts[0], parts[1]);
        }
        return new Fields(file, values);
    }

    /** A file's {@code key value} lines, read by {@link #readFields}. */
    public record Fields(Path file, Map<String, String> values) {

        /** @throws IllegalStateException naming the file, if {@code key} is missing */
        public String require(String key) {
            String value = values.get(key);
            if (value == null) {
                throw new IllegalStateException(file + ": expected a '" + key + " <value>' line, found " + values);
            }
            return value;
        }

        /** {@link #require}d, as a number. */
        public long requireLong(String key) {
            String value = require(key);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(file + ": '" + key + "' is not a number: " + value);
            }
        }
    }

    /** Makes the rename itself durable; some file systems refuse to open a directory, which then stays best effort. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // The rename is still atomic; only its durability across a power loss is unconfirmed.
        }
    }
}
