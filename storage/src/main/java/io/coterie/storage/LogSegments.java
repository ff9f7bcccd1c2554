package io.coterie.storage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The commit log's files: {@code commit-<sequence>.log}, each an 8-byte header (magic, format
 * version) followed by entries in {@link LogEntryCodec} layout. Replay reads them in sequence order.
 */
final class LogSegments {

    static final int MAGIC = 0x43544C47; // "CTLG"
    static final int FORMAT_V1 = 1;
    static final int HEADER_BYTES = 8;
    private static final String PREFIX = "commit-";
    private static final String SUFFIX = ".log";
    private static final int READ_BUFFER_BYTES = 1 << 16;

    private LogSegments() {}

    static Path path(Path dir, long sequence) {
        return dir.resolve(String.format("%s%016d%s", PREFIX, sequence, SUFFIX));
    }

    /** Sequence numbers of the segments in {@code dir}, ascending. */
    static List<Long> list(Path dir) throws IOException {
        List<Long> seqs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(PREFIX) && n.endsWith(SUFFIX))
                    .forEach(n -> seqs.add(Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()))));
        }
        seqs.sort(null);
        return seqs;
    }

    /** How the commit log creates segment files; tests substitute one that fails like a full disk. */
    @FunctionalInterface
    interface Factory {
        FileChannel create(Path dir, long sequence) throws IOException;
    }

    /** Creates a new segment with its header, durable (file and directory entry) before returning. */
    static FileChannel create(Path dir, long sequence) throws IOException {
        Path p = path(dir, sequence);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(FORMAT_V1).flip();
            while (header.hasRemaining()) {
                ch.write(header);
            }
            ch.force(true);
            FileSync.directory(dir);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** How reading one segment ended. */
    record ReadResult(long entries, long validBytes, boolean torn) {}

    /**
     * Feeds every valid entry of one segment to {@code apply}, in order, and stops at the end or at
     * the first entry that is truncated or fails its CRC (a write torn by a crash), which is skipped.
     */
    static ReadResult read(Path file, Consumer<LogEntry> apply) throws IOException {
        long fileBytes = Files.size(file);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, READ_BUFFER_BYTES))) {
            if (fileBytes < HEADER_BYTES) {
                return new ReadResult(0, 0, fileBytes > 0);
            }
            int magic = in.readInt();
            int version = in.readInt();
            if (magic != MAGIC || version != FORMAT_V1) {
                throw new IOException(file + " is not a commit-log segment of a known format (magic "
                        + Integer.toHexString(magic) + ", version " + version + ")");
            }
            long pos = HEADER_BYTES;
            long entries = 0;
            while (pos < fileBytes) {
                if (fileBytes - pos < LogEntryCodec.HEADER_BYTES) {
                    return new ReadResult(entries, pos, true);
                }
                int bodyLength = in.readInt();
                int crc = in.readInt();
                long remaining = fileBytes - pos - LogEntryCodec.HEADER_BYTES;
                if (bodyLength <= 0 || bodyLength > remaining) {
                    return new ReadResult(entries, pos, true);
                }
                byte[] body = new byte[bodyLength];
                in.readFully(body);
                if (LogEntryCodec.crc(body, 0, bodyLength) != crc) {
                    return new ReadResult(entries, pos, true);
                }
                apply.accept(LogEntryCodec.decodeBody(body));
                entries++;
                pos += LogEntryCodec.HEADER_BYTES + bodyLength;
            }
            return new ReadResult(entries, pos, false);
        } catch (EOFException e) {
            throw new IOException("segment " + file + " shrank while being read", e);
        }
    }
}
