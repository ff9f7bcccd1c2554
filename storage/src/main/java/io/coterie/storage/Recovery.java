package io.coterie.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the commit log over the map on open. Entries are absolute records, so replaying a suffix
 * the map already reflects changes nothing: replay is idempotent.
 *
 * <p>Only the last segment can end in a torn entry (a crash mid-write; older segments were fsynced
 * when rotated). That entry was never acknowledged under {@code always}; it is skipped and cut off
 * the file, so the segment reads cleanly if it is ever replayed again. A bad entry in an older
 * segment is corruption, not a crash, and stops the open rather than silently dropping later writes.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {}

    record Result(long entries, boolean tornTail) {}

    static Result replay(Path logDir, Consumer<LogEntry> apply) throws IOException {
        List<Long> segments = LogSegments.list(logDir);
        long entries = 0;
        boolean torn = false;
        for (int i = 0; i < segments.size(); i++) {
            Path file = LogSegments.path(logDir, segments.get(i));
            FramedFile.ReadResult r = LogSegments.read(file, apply);
            entries += r.frames();
            if (r.torn()) {
                if (i < segments.size() - 1) {
                    throw new IOException("commit-log segment " + file + " is damaged at byte " + r.validBytes()
                            + " but is not the last one; refusing to skip the writes after it");
                }
                LOG.warn("ignoring a torn entry at the end of {} (byte {}): a write in flight at a crash",
                        file, r.validBytes());
                truncate(file, r.validBytes());
                torn = true;
            }
        }
        return new Result(entries, torn);
    }

    private static void truncate(Path file, long validBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(Math.max(validBytes, 0));
            ch.force(true);
        }
    }
}
