package io.coterie.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the commit log short: a checkpoint rotates the log, waits until everything logged before the
 * rotation is applied ({@link KeyLocks#barrier()}), fsyncs the map file and new blobs, then deletes
 * the older segments oldest first. A crash at any step leaves a contiguous suffix of the log whose
 * replay over the map reproduces the state, because entries are absolute records, not operations.
 *
 * <p>Runs on its own thread, never on the flusher: a writer waiting for log buffer space holds its
 * stripe, so the barrier must not stand between it and the thread that frees the space.
 */
final class Checkpointer {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final long CHECK_PERIOD_MS = 1_000;

    private final CommitLog log;
    private final KeyLocks locks;
    private final Path mapFile;
    private final BlobStore blobs;
    private final long segmentBytesMax;
    private final long intervalMs;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coterie-store-checkpoint");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastCheckpointNanos = System.nanoTime();

    Checkpointer(CommitLog log, KeyLocks locks, Path mapFile, BlobStore blobs, long segmentBytesMax, long intervalMs) {
        this.log = log;
        this.locks = locks;
        this.mapFile = mapFile;
        this.blobs = blobs;
        this.segmentBytesMax = segmentBytesMax;
        this.intervalMs = intervalMs;
    }

    synchronized void checkpoint() throws IOException {
        long newSegment = log.rotate();
        locks.barrier();
        FileSync.file(mapFile);
        blobs.syncWritten();
        log.deleteSegmentsBefore(newSegment);
        lastCheckpointNanos = System.nanoTime();
    }

    /** Checks once a second whether the log reached {@code segmentBytesMax} or {@code intervalMs} passed with data. */
    void startPeriodic() {
        thread.scheduleWithFixedDelay(this::checkpointIfDue, CHECK_PERIOD_MS, CHECK_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic checks and waits for one in progress; no interrupt (it would close file channels). */
    void stopPeriodic() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("a checkpoint is still running after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkpointIfDue() {
        try {
            long segmentBytes = log.currentSegmentBytes();
            boolean bySize = segmentBytes >= segmentBytesMax;
            boolean byTime = segmentBytes > LogSegments.HEADER_BYTES
                    && System.nanoTime() - lastCheckpointNanos >= TimeUnit.MILLISECONDS.toNanos(intervalMs);
            if (bySize || byTime) {
                checkpoint();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("checkpoint failed; the commit log keeps growing until one succeeds", e);
        }
    }
}
