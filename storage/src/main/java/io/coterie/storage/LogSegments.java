package io.coterie.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The commit log's files: {@code commit-<sequence>.log}, each a {@link FramedFile} whose frame bodies
 * are entries in {@link LogEntryCodec} layout. Replay reads them in sequence order.
 */
final class LogSegments {

    static final int MAGIC = 0x43544C47; // "CTLG"
    static final int FORMAT_V1 = 1;
    static final int HEADER_BYTES = FramedFile.FILE_HEADER_BYTES;
    private static final SegmentNames NAMES = new SegmentNames("commit-", ".log");

    private LogSegments() {}

    static Path path(Path dir, long sequence) {
        return NAMES.path(dir, sequence);
    }

    /** Sequence numbers of the segments in {@code dir}, ascending. */
    static List<Long> list(Path dir) throws IOException {
        return NAMES.list(dir);
    }

    /** How the commit log creates segment files; tests substitute one that fails like a full disk. */
    @FunctionalInterface
    interface Factory {
        FileChannel create(Path dir, long sequence) throws IOException;
    }

    /** Creates a new segment with its header, durable (file and directory entry) before returning. */
    static FileChannel create(Path dir, long sequence) throws IOException {
        return FramedFile.create(path(dir, sequence), MAGIC, FORMAT_V1);
    }

    /**
     * Feeds every valid entry of one segment to {@code apply}, in order, and stops at the end or at
     * the first entry that is truncated or fails its CRC (a write torn by a crash), which is skipped.
     */
    static FramedFile.ReadResult read(Path file, Consumer<LogEntry> apply) throws IOException {
        return FramedFile.read(file, MAGIC, FORMAT_V1, (offset, body) -> apply.accept(LogEntryCodec.decodeBody(body)));
    }
}
