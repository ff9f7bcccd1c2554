package io.coterie.storage.hints;

import io.coterie.storage.FramedFile;
import io.coterie.storage.SegmentNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hints for one target: {@code hints-<sequence>.log} segments in the target's directory, appended
 * in order, each frame a {@link HintFrames} body. A hint is live from its HINT frame until a later
 * FORGET frame names it.
 *
 * <p>Segments are deleted oldest first, and only while none of their hints is live: a FORGET frame in
 * a later segment may name hints of an earlier one, so deleting a later segment first could bring
 * those back. Handoff delivers, drops and expires oldest first, so the live hints are a suffix in
 * practice and the prefix rule frees nearly everything. When nothing is live at all the log starts a
 * fresh segment and deletes every older one.
 *
 * <p>Not thread-safe: owned by the hint store's caller thread.
 */
final class TargetLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetLog.class);
    static final int MAGIC = 0x43544854; // "CTHT"
    static final int FORMAT_V1 = 1;
    private static final SegmentNames NAMES = new SegmentNames("hints-", ".log");

    private static final class Segment {
        final FileChannel channel;
        long live;
        long bytes;

        Segment(FileChannel channel, long bytes) {
            this.channel = channel;
            this.bytes = bytes;
        }
    }

    private record Location(long sequence, long offset, HintInfo info) {}

    private final Path dir;
    private final String target;
    private final long segmentBytesMax;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final Map<Long, Location> live = new HashMap<>();
    private long activeSequence;
    private boolean unsynced;

    private TargetLog(Path dir, String target, long segmentBytesMax) {
        this.dir = dir;
        this.target = target;
        this.segmentBytesMax = segmentBytesMax;
    }

    /** Opens (creating the directory if needed) and reloads every live hint; appends go to a new segment. */
    static TargetLog open(Path dir, String target, long segmentBytesMax) throws IOException {
        Files.createDirectories(dir);
        TargetLog log = new TargetLog(dir, target, segmentBytesMax);
        try {
            log.reload();
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        return log;
    }

    static Path path(Path dir, long sequence) {
        return NAMES.path(dir, sequence);
    }

    static List<Long> sequences(Path dir) throws IOException {
        return NAMES.list(dir);
    }

    private void reload() throws IOException {
        List<Long> existing = sequences(dir);
        Map<Long, Location> found = new HashMap<>();
        for (long seq : existing) {
            Path file = path(dir, seq);
            FramedFile.ReadResult r = FramedFile.read(file, MAGIC, FORMAT_V1, (offset, body) -> {
                HintFrames.Frame frame = HintFrames.decode(body);
                if (frame instanceof HintFrames.Hint h) {
                    found.put(h.id(), new Location(seq, offset, h.toStored(target).info()));
                } else if (frame instanceof HintFrames.Forget f) {
                    f.ids().forEach(found::remove);
                }
            });
            if (r.torn()) {
                // A write cut by a crash: that hint was never reported stored (or, under everysec/no, is
                // one the policy allows losing); the segment is never appended to again.
                LOG.warn("hints for {}: ignoring a torn frame at byte {} of {}", target, r.validBytes(), file);
            }
            segments.put(seq, new Segment(FileChannel.open(file, StandardOpenOption.READ), r.validBytes()));
        }
        live.putAll(found);
        found.values().forEach(l -> segments.get(l.sequence()).live++);
        activeSequence = existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
        segments.put(activeSequence, new Segment(FramedFile.create(path(dir, activeSequence), MAGIC, FORMAT_V1),
                FramedFile.FILE_HEADER_BYTES));
        deleteDeadPrefix();
    }

    /** Live hints, oldest (lowest id) first. */
    List<HintInfo> liveHints() {
        return live.values().stream().map(Location::info)
                .sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    /** Writes the hint to the OS (not fsynced: see {@link #sync}). */
    void append(StoredHint hint) throws IOException {
        if (live.containsKey(hint.id())) {
            throw new IllegalArgumentException("hint " + hint.id() + " for " + target + " is already stored");
        }
        long offset = write(HintFrames.hint(hint));
        live.put(hint.id(), new Location(activeSequence, offset, hint.info()));
        segments.get(activeSequence).live++;
    }

    /** The hint stored under {@code id}, or null if it is not live or its frame no longer reads back intact. */
    StoredHint read(long id) throws IOException {
        Location l = live.get(id);
        if (l == null) {
            return null;
        }
        byte[] body = FramedFile.readAt(segments.get(l.sequence()).channel, l.offset());
        if (body == null) {
            LOG.warn("hints for {}: hint {} at byte {} of segment {} is damaged", target, id, l.offset(), l.sequence());
            return null;
        }
        return HintFrames.decode(body) instanceof HintFrames.Hint h ? h.toStored(target) : null;
    }

    /** The hints are delivered or dropped: record it and free the segments that hold nothing live. */
    void forget(Collection<Long> ids) throws IOException {
        List<Long> known = new ArrayList<>();
        for (long id : ids) {
            Location l = live.remove(id);
            if (l != null) {
                known.add(id);
                segments.get(l.sequence()).live--;
            }
        }
        if (known.isEmpty()) {
            return;
        }
        if (live.isEmpty()) {
            rotate();
        } else {
            write(HintFrames.forget(known));
        }
        deleteDeadPrefix();
    }

    /** fsyncs the active segment if anything was written since the last sync (older ones were at rotation). */
    void sync() throws IOException {
        if (unsynced) {
            segments.get(activeSequence).channel.force(false);
            unsynced = false;
        }
    }

    private long write(byte[] body) throws IOException {
        ByteBuffer frame = FramedFile.frame(body);
        Segment active = segments.get(activeSequence);
        if (active.bytes > FramedFile.FILE_HEADER_BYTES && active.bytes + frame.remaining() > segmentBytesMax) {
            rotate();
            active = segments.get(activeSequence);
        }
        long offset = active.bytes;
        int length = frame.remaining();
        active.channel.position(offset);
        FramedFile.writeWholeOrNothing(active.channel, frame);
        active.bytes += length;
        unsynced = true;
        return offset;
    }

    /** Ends the active segment, durable, and starts the next; the old one stays open for reads while it holds live hints. */
    private void rotate() throws IOException {
        Segment old = segments.get(activeSequence);
        old.channel.force(false);
        unsynced = false;
        long next = activeSequence + 1;
        segments.put(next, new Segment(FramedFile.create(path(dir, next), MAGIC, FORMAT_V1),
                FramedFile.FILE_HEADER_BYTES));
        activeSequence = next;
    }

    private void deleteDeadPrefix() throws IOException {
        boolean deleted = false;
        while (segments.firstKey() != activeSequence && segments.firstEntry().getValue().live == 0) {
            Map.Entry<Long, Segment> first = segments.pollFirstEntry();
            first.getValue().channel.close();
            Files.delete(path(dir, first.getKey()));
            deleted = true;
        }
        if (deleted) {
            FramedFile.syncDirectory(dir);
        }
    }

    long bytesOnDisk() {
        return segments.values().stream().mapToLong(s -> s.bytes).sum();
    }

    int segmentCount() {
        return segments.size();
    }

    /** fsyncs and closes every segment. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Map.Entry<Long, Segment> e : segments.entrySet()) {
            try {
                if (e.getKey() == activeSequence) {
                    e.getValue().channel.force(false);
                }
                e.getValue().channel.close();
            } catch (IOException ex) {
                failure = failure == null ? ex : failure;
            }
        }
        segments.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
