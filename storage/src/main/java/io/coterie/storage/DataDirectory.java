package io.coterie.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The store's files and the rules about them:
 *
 * <pre>
 * LOCK             held (flock) while open: a second process must not open the same directory
 * records.cmap     the Chronicle Map file
 * records.cmap.entries  the key capacity it was created with
 * log/             commit-log segments
 * blobs/           values too large for a map entry
 * hints/           hinted-handoff segments, a directory per target node ({@code io.coterie.storage.hints})
 * clean-shutdown   present only between a clean close and the next open
 * </pre>
 *
 * The marker tells open whether Chronicle's segment locks may be held by a dead process: without
 * it, the map is opened with {@code recoverPersistedTo}, which clears them.
 */
final class DataDirectory implements AutoCloseable {

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static DataDirectory open(Path root) throws IOException {
        Files.createDirectories(root.resolve("log"));
        Files.createDirectories(root.resolve("blobs"));
        FileChannel ch = FileChannel.open(root.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("data directory " + root + " is in use by another process");
        }
        return new DataDirectory(root, ch, lock);
    }

    Path mapFile() {
        return root.resolve("records.cmap");
    }

    /** The entries the map file was created with: recovery must use the same builder configuration. */
    Path mapSizingFile() {
        return root.resolve("records.cmap.entries");
    }

    Path logDir() {
        return root.resolve("log");
    }

    Path blobDir() {
        return root.resolve("blobs");
    }

    private Path cleanShutdownMarker() {
        return root.resolve("clean-shutdown");
    }

    boolean wasShutDownCleanly() {
        return Files.exists(cleanShutdownMarker());
    }

    /** Removed (durably) on open, before the first write, so a crash from here on reads as unclean. */
    void removeCleanShutdownMarker() throws IOException {
        if (Files.deleteIfExists(cleanShutdownMarker())) {
            FileSync.directory(root);
        }
    }

    void writeCleanShutdownMarker() throws IOException {
        Files.write(cleanShutdownMarker(), new byte[0]);
        FileSync.file(cleanShutdownMarker());
        FileSync.directory(root);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
