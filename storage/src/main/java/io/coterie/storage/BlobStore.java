package io.coterie.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Values too large for a Chronicle entry, one file each ({@code blobs/<id>.blob}).
 *
 * <p>Why files and not a second map: a Chronicle entry is capped by its segment's size (measured: a
 * 1 MB value fails in a map sized for 100 B values, and a small map cannot take even 32 KB), and a
 * map sized for big values would reserve its full size up front. Files take any size up to the disk
 * and cost no memory beyond the page cache.
 *
 * <p>Ids are never reused: a writer creates a fresh blob, points the record at it, then deletes the
 * old one, so a reader that raced with it sees either the old file or a vanished file and retries.
 * The commit log carries the value itself, so replay rewrites lost blobs; blobs not referenced after
 * recovery are deleted by {@link #retainOnly}. Blobs are fsynced at checkpoints
 * ({@link #syncWritten}), before the log segments that also hold their values are deleted.
 */
final class BlobStore {

    private static final String SUFFIX = ".blob";

    private final Path dir;
    private final AtomicLong nextId;
    /** Written since the last checkpoint; bounded because every blob also sits in the log, which a checkpoint trims by size. */
    private final ConcurrentLinkedQueue<Long> unsynced = new ConcurrentLinkedQueue<>();

    BlobStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        long max = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                long id = idOf(p);
                max = Math.max(max, id);
            }
        }
        this.nextId = new AtomicLong(max + 1);
    }

    /** Writes {@code value} to a new blob (not fsynced) and returns its id. */
    long write(byte[] value) throws IOException {
        long id = nextId.getAndIncrement();
        try (FileChannel ch = FileChannel.open(path(id), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(value);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            Files.deleteIfExists(path(id));
            throw e;
        }
        unsynced.add(id);
        return id;
    }

    /** The blob's bytes, or null if it no longer exists (it was replaced meanwhile). */
    byte[] readOrNull(long id, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(path(id), StandardOpenOption.READ)) {
            byte[] out = new byte[length];
            ByteBuffer b = ByteBuffer.wrap(out);
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw new IOException("blob " + id + " is shorter than its record says (" + length + " bytes)");
                }
            }
            return out;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    void delete(long id) throws IOException {
        Files.deleteIfExists(path(id));
    }

    /** fsyncs every blob written since the last call, and the directory. */
    void syncWritten() throws IOException {
        Long id;
        while ((id = unsynced.poll()) != null) {
            try {
                FileSync.file(path(id));
            } catch (NoSuchFileException e) {
                // Replaced and deleted since: nothing to keep.
            }
        }
        FileSync.directory(dir);
    }

    /** Deletes every blob whose id is not in {@code referenced} (orphans of a crash, or of CLEAR). */
    int retainOnly(Set<Long> referenced) throws IOException {
        int deleted = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                long id = idOf(p);
                if (id > 0 && !referenced.contains(id)) {
                    Files.deleteIfExists(p);
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private Path path(long id) {
        return dir.resolve(Long.toString(id) + SUFFIX);
    }

    private static long idOf(Path p) {
        String n = p.getFileName().toString();
        if (!n.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(n.substring(0, n.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
