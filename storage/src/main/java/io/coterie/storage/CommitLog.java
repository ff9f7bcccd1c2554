package io.coterie.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redo log written before the map. Writers copy finished entries into an in-memory buffer
 * (bounded by {@code bufferBytesMax}); the bytes reach the file when a caller of
 * {@link #awaitDurable} or the background flusher writes them out.
 *
 * <p>Positions are byte offsets in the logical stream of all entries ever appended since open:
 * {@code appended >= written >= durable}. {@link #append} returns the end position of its entry;
 * {@link #awaitDurable(long)} waits until that position is written (and fsynced under
 * {@code always}), by group commit.
 *
 * <p>Like Redis's AOF, {@code everysec} and {@code no} still write to the OS before a reply (a write
 * survives kill -9); only the fsync is left to the background thread (once a second) or the OS.
 *
 * <p>Locks: {@code appendLock} guards the active buffer for a memory copy only; {@code flushLock}
 * guards file I/O. Order: flushLock, then appendLock. No caller holds appendLock across I/O.
 */
final class CommitLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLog.class);
    static final long EVERYSEC_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FLUSHER_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long FLUSH_WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Path dir;
    private final LogSegments.Factory segmentFactory;
    private final int bufferBytesMax;
    private final long bufferWaitMsMax;

    private final ReentrantLock appendLock = new ReentrantLock();
    private ByteBuffer active;
    private long appendedBytes;

    private final ReentrantLock flushLock = new ReentrantLock();
    private final ReentrantLock flushDoneLock = new ReentrantLock();
    private final Condition flushDone = flushDoneLock.newCondition();
    private ByteBuffer spare;
    private boolean spareHoldsUnwritten;
    private long spareEndPosition;
    private FileChannel segment;
    private long segmentSequence;
    private volatile long segmentBytes;
    private volatile long olderSegmentsBytes;

    private volatile long writtenBytes;
    private volatile long durableBytes;
    private volatile AppendFsync policy;
    private volatile long lastFsyncNanos;
    private volatile long lastFsyncEpochMs;
    private final AtomicLong fsyncErrors = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private volatile IOException writeFailure;

    private final Thread flusher;
    private volatile boolean closed;

    /**
     * Starts a new segment after the existing ones (which replay has already read; they are deleted by
     * {@link #deleteSegmentsBefore} once a checkpoint makes them redundant).
     */
    CommitLog(Path dir, AppendFsync policy, int bufferBytesMax, long bufferWaitMsMax, LogSegments.Factory segmentFactory)
            throws IOException {
        this.dir = dir;
        this.segmentFactory = segmentFactory;
        this.policy = policy;
        this.bufferBytesMax = bufferBytesMax;
        this.bufferWaitMsMax = bufferWaitMsMax;
        this.active = ByteBuffer.allocateDirect(bufferBytesMax);
        this.spare = ByteBuffer.allocateDirect(bufferBytesMax);
        List<Long> existing = LogSegments.list(dir);
        long older = 0;
        for (long seq : existing) {
            older += Files.size(LogSegments.path(dir, seq));
        }
        this.olderSegmentsBytes = older;
        this.segmentSequence = existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
        this.segment = segmentFactory.create(dir, segmentSequence);
        this.segmentBytes = LogSegments.HEADER_BYTES;
        this.lastFsyncNanos = System.nanoTime();
        this.flusher = new Thread(this::runFlusher, "coterie-commit-log-flusher");
        this.flusher.setDaemon(true);
        this.flusher.start();
    }

    void setPolicy(AppendFsync policy) {
        this.policy = policy;
    }

    AppendFsync policy() {
        return policy;
    }

    /**
     * Appends one encoded entry. Returns its end position. Waits (at most {@code bufferWaitMsMax})
     * for buffer space when the disk lags behind, rather than letting memory grow.
     *
     * @throws StoreWriteException if the log cannot be written; the entry was not appended
     */
    long append(byte[] src, int offset, int length) {
        IOException failure = writeFailure;
        if (failure != null) {
            throw new StoreWriteException("commit log write failed: " + failure.getMessage(), failure);
        }
        if (length > bufferBytesMax) {
            return appendOversized(src, offset, length);
        }
        // Read the clock only once the buffer is full: the common append never waits.
        long deadlineNanos = 0;
        while (true) {
            appendLock.lock();
            try {
                if (active.remaining() >= length) {
                    active.put(src, offset, length);
                    appendedBytes += length;
                    if (active.position() > bufferBytesMax / 2) {
                        LockSupport.unpark(flusher);
                    }
                    return appendedBytes;
                }
            } finally {
                appendLock.unlock();
            }
            if (deadlineNanos == 0) {
                deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(bufferWaitMsMax);
            }
            writeOutForSpace(deadlineNanos);
        }
    }

    /** An entry bigger than the whole buffer goes straight to the file, after what is buffered. */
    private long appendOversized(byte[] src, int offset, int length) {
        lockFlush(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(bufferWaitMsMax));
        try {
            drainLocked();
            appendLock.lock();
            try {
                // Everything appended before us is written; write ours before anyone appends more.
                drainActiveLocked();
                writeWholeOrNothing(ByteBuffer.wrap(src, offset, length));
                appendedBytes += length;
                writtenBytes = appendedBytes;
                return appendedBytes;
            } finally {
                appendLock.unlock();
            }
        } catch (IOException e) {
            throw failed(e);
        } finally {
            unlockFlush();
        }
    }

    /**
     * Writes an entry that is not buffered: on failure, cuts off what part of it reached the file, so
     * later entries do not follow a torn one (replay would stop there and drop them).
     */
    private void writeWholeOrNothing(ByteBuffer entry) throws IOException {
        int length = entry.remaining();
        FramedFile.writeWholeOrNothing(segment, entry);
        segmentBytes += length;
    }

    /** With both locks held: writes what the active buffer holds (entries appended after the last swap). */
    private void drainActiveLocked() throws IOException {
        active.flip();
        try {
            while (active.hasRemaining()) {
                segmentBytes += segment.write(active);
            }
        } finally {
            active.compact();
        }
        writtenBytes = appendedBytes;
    }

    private void writeOutForSpace(long deadlineNanos) {
        lockFlush(deadlineNanos);
        try {
            writeOutLocked();
        } catch (IOException e) {
            throw failed(e);
        } finally {
            unlockFlush();
        }
    }

    private void lockFlush(long deadlineNanos) {
        try {
            long waitNanos = Math.max(0, deadlineNanos - System.nanoTime());
            if (!flushLock.tryLock(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new StoreWriteException("commit log cannot keep up: no buffer space within "
                        + bufferWaitMsMax + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreWriteException("interrupted while waiting for commit log buffer space", e);
        }
    }

    /**
     * Makes the log durable up to {@code position} as the policy promises: written to the OS, and
     * under {@code always} also fsynced. Returns at once if someone else already covered it.
     *
     * <p>Group commit: one caller (the leader) writes and fsyncs everything buffered; the others wait
     * for it to finish and are all woken together, so those it covered return without touching the
     * file, and of the rest one leads the next fsync for all of them. (Queueing on the flush lock
     * instead would hand it over one thread at a time, and each would fsync for itself.)
     */
    void awaitDurable(long position) {
        boolean fsync = policy == AppendFsync.ALWAYS;
        while (!covered(position, fsync)) {
            if (flushLock.tryLock()) {
                try {
                    if (!covered(position, fsync)) {
                        while (writtenBytes < position) {
                            writeOutLocked();
                        }
                        if (fsync) {
                            forceLocked();
                        }
                    }
                    return;
                } catch (IOException e) {
                    throw failed(e);
                } finally {
                    unlockFlush();
                }
            }
            awaitFlushDone();
        }
    }

    private boolean covered(long position, boolean fsync) {
        return (fsync ? durableBytes : writtenBytes) >= position;
    }

    /** Waits for the current holder of the flush lock to finish (woken by {@link #unlockFlush}). */
    private void awaitFlushDone() {
        flushDoneLock.lock();
        try {
            if (flushLock.isLocked()) {
                // The timeout only guards against a missed signal; unlockFlush signals every release.
                flushDone.await(FLUSH_WAIT_SLICE_NANOS, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreWriteException("interrupted while waiting for the commit log", e);
        } finally {
            flushDoneLock.unlock();
        }
    }

    /** Releases the flush lock and wakes every caller waiting in {@link #awaitDurable}. */
    private void unlockFlush() {
        flushLock.unlock();
        flushDoneLock.lock();
        try {
            flushDone.signalAll();
        } finally {
            flushDoneLock.unlock();
        }
    }

    /** With flushLock held: writes one buffer's worth — the unwritten rest of the spare, or swaps in the active one. */
    private void writeOutLocked() throws IOException {
        if (!spareHoldsUnwritten) {
            appendLock.lock();
            try {
                if (active.position() == 0) {
                    return;
                }
                ByteBuffer full = active;
                active = spare;
                spare = full;
                spareEndPosition = appendedBytes;
            } finally {
                appendLock.unlock();
            }
            spare.flip();
            spareHoldsUnwritten = true;
        }
        // On an I/O error the unwritten rest stays in the spare and is retried first next time.
        while (spare.hasRemaining()) {
            segmentBytes += segment.write(spare);
        }
        spare.clear();
        spareHoldsUnwritten = false;
        writtenBytes = spareEndPosition;
        clearFailure();
    }

    private void clearFailure() {
        if (writeFailure != null) {
            LOG.info("commit log writes succeed again");
            writeFailure = null;
        }
    }

    /** With flushLock held: writes out everything appended so far. */
    private void drainLocked() throws IOException {
        long target;
        appendLock.lock();
        try {
            target = appendedBytes;
        } finally {
            appendLock.unlock();
        }
        while (writtenBytes < target) {
            writeOutLocked();
        }
    }

    private void forceLocked() throws IOException {
        long covered = writtenBytes;
        if (durableBytes >= covered) {
            return;
        }
        segment.force(false);
        fsyncs.incrementAndGet();
        durableBytes = covered;
        lastFsyncNanos = System.nanoTime();
        lastFsyncEpochMs = System.currentTimeMillis();
    }

    private StoreWriteException failed(IOException e) {
        fsyncErrors.incrementAndGet();
        if (writeFailure == null) {
            LOG.error("commit log write failed; writes are refused until it succeeds again", e);
        }
        writeFailure = e;
        return new StoreWriteException("commit log write failed: " + e.getMessage(), e);
    }

    private void runFlusher() {
        while (!closed) {
            LockSupport.parkNanos(FLUSHER_PARK_NANOS);
            flushLock.lock();
            try {
                drainLocked();
                if (writeFailure != null) {
                    // A failed fsync leaves nothing to rewrite: probe with one, so writes resume when it works.
                    segment.force(false);
                    clearFailure();
                }
                AppendFsync p = policy;
                boolean due = p == AppendFsync.ALWAYS
                        || (p == AppendFsync.EVERYSEC && System.nanoTime() - lastFsyncNanos >= EVERYSEC_INTERVAL_NANOS);
                if (due) {
                    forceLocked();
                }
            } catch (IOException e) {
                failed(e);
            } catch (RuntimeException e) {
                LOG.error("commit log flusher error", e);
            } finally {
                unlockFlush();
            }
        }
    }

    /**
     * Ends the current segment (written and fsynced) and starts the next. Entries appended from here on
     * go to the new segment; returns the new segment's sequence number.
     */
    long rotate() throws IOException {
        flushLock.lock();
        try {
            drainLocked();
            segment.force(false);
            durableBytes = writtenBytes;
            FileChannel next = segmentFactory.create(dir, segmentSequence + 1);
            appendLock.lock();
            try {
                // Entries buffered since the drain belong to the new segment: they are written after the switch.
                segment.close();
                segment = next;
                olderSegmentsBytes += segmentBytes;
                segmentBytes = LogSegments.HEADER_BYTES;
                segmentSequence++;
            } finally {
                appendLock.unlock();
            }
            return segmentSequence;
        } finally {
            unlockFlush();
        }
    }

    /** Deletes segments older than {@code sequence}, oldest first, so a crash midway leaves a contiguous suffix. */
    void deleteSegmentsBefore(long sequence) throws IOException {
        for (long seq : LogSegments.list(dir)) {
            if (seq >= sequence) {
                break;
            }
            Path p = LogSegments.path(dir, seq);
            long size = Files.size(p);
            Files.delete(p);
            olderSegmentsBytes = Math.max(0, olderSegmentsBytes - size);
        }
        FileSync.directory(dir);
    }

    long currentSegmentBytes() {
        return segmentBytes;
    }

    long bytesOnDisk() {
        return olderSegmentsBytes + segmentBytes;
    }

    long lastFsyncEpochMs() {
        return lastFsyncEpochMs;
    }

    /** End of what is fsynced, in the stream's positions (tests). */
    long durablePosition() {
        return durableBytes;
    }

    /** fsyncs of the log so far (group commit makes this much smaller than the number of awaits). */
    long fsyncCount() {
        return fsyncs.get();
    }

    long writeErrors() {
        return fsyncErrors.get();
    }

    /** Writes and fsyncs everything, then stops the flusher and closes the file. */
    @Override
    public void close() throws IOException {
        closed = true;
        LockSupport.unpark(flusher);
        try {
            flusher.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushLock.lock();
        try {
            drainLocked();
            forceLocked();
            segment.close();
        } finally {
            unlockFlush();
        }
    }
}
