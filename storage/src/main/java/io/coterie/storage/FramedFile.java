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
import java.util.zip.CRC32C;

/**
 * The framing shared by every append-only file of the node (the commit log, the hint store): an 8-byte
 * file header (magic, format version), then frames of
 *
 * <pre>
 * int      body length (big-endian, > 0)
 * int      CRC32C of the body       a torn or garbled tail fails this and is never used
 * bytes    body
 * </pre>
 *
 * Readers stop at the first frame that is truncated or fails its CRC: that is where a crash cut a write.
 */
public final class FramedFile {

    public static final int FILE_HEADER_BYTES = 8;
    public static final int FRAME_HEADER_BYTES = 8;
    private static final int READ_BUFFER_BYTES = 1 << 16;

    private FramedFile() {}

    public static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** One frame holding {@code body}, ready to write. */
    public static ByteBuffer frame(byte[] body) {
        if (body.length == 0) {
            throw new IllegalArgumentException("a frame body is never empty");
        }
        ByteBuffer b = ByteBuffer.allocate(FRAME_HEADER_BYTES + body.length);
        b.putInt(body.length).putInt(crc(body, 0, body.length)).put(body);
        return b.flip();
    }

    /** Creates {@code file} with its header, durable (file and directory entry) before returning; open for writing. */
    public static FileChannel create(Path file, int magic, int version) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES).putInt(magic).putInt(version).flip();
            while (header.hasRemaining()) {
                ch.write(header);
            }
            ch.force(true);
            FileSync.directory(file.getParent());
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Writes a frame at the channel's position; on failure cuts off what part of it reached the file,
     * so later frames do not follow a torn one (readers would stop there and miss them).
     */
    public static void writeWholeOrNothing(FileChannel ch, ByteBuffer frame) throws IOException {
        long start = ch.position();
        try {
            while (frame.hasRemaining()) {
                ch.write(frame);
            }
        } catch (IOException e) {
            try {
                ch.truncate(start);
                ch.position(start);
            } catch (IOException truncateFailed) {
                e.addSuppressed(truncateFailed);
            }
            throw e;
        }
    }

    /** Receives each valid frame's body and the file offset where its frame starts. */
    @FunctionalInterface
    public interface FrameVisitor {
        void accept(long offset, byte[] body) throws IOException;
    }

    /** How reading a file ended: {@code validBytes} is where the good frames end (the file's size unless torn). */
    public record ReadResult(long frames, long validBytes, boolean torn) {}

    /**
     * Feeds every valid frame of {@code file} to {@code visitor}, in order, and stops at the end or at the
     * first frame that is truncated or fails its CRC (a write torn by a crash), which is skipped.
     *
     * @throws IOException if the header names another kind of file
     */
    public static ReadResult read(Path file, int magic, int version, FrameVisitor visitor) throws IOException {
        long fileBytes = Files.size(file);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, READ_BUFFER_BYTES))) {
            if (fileBytes < FILE_HEADER_BYTES) {
                return new ReadResult(0, 0, fileBytes > 0);
            }
            int fileMagic = in.readInt();
            int fileVersion = in.readInt();
            if (fileMagic != magic || fileVersion != version) {
                throw new IOException(file + " is not a file of a known format (magic "
                        + Integer.toHexString(fileMagic) + ", version " + fileVersion + ")");
            }
            long pos = FILE_HEADER_BYTES;
            long frames = 0;
            while (pos < fileBytes) {
                if (fileBytes - pos < FRAME_HEADER_BYTES) {
                    return new ReadResult(frames, pos, true);
                }
                int bodyLength = in.readInt();
                int crc = in.readInt();
                long remaining = fileBytes - pos - FRAME_HEADER_BYTES;
                if (bodyLength <= 0 || bodyLength > remaining) {
                    return new ReadResult(frames, pos, true);
                }
                byte[] body = new byte[bodyLength];
                in.readFully(body);
                if (crc(body, 0, bodyLength) != crc) {
                    return new ReadResult(frames, pos, true);
                }
                visitor.accept(pos, body);
                frames++;
                pos += FRAME_HEADER_BYTES + bodyLength;
            }
            return new ReadResult(frames, pos, false);
        } catch (EOFException e) {
            throw new IOException(file + " shrank while being read", e);
        }
    }

    /**
     * The body of the frame at {@code offset}, read without moving the channel's position (safe while
     * another frame is appended). Returns null if it is truncated or fails its CRC.
     */
    public static byte[] readAt(FileChannel ch, long offset) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER_BYTES);
        if (!readFully(ch, header, offset)) {
            return null;
        }
        int bodyLength = header.getInt(0);
        int crc = header.getInt(4);
        if (bodyLength <= 0 || bodyLength > ch.size() - offset - FRAME_HEADER_BYTES) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(bodyLength);
        if (!readFully(ch, body, offset + FRAME_HEADER_BYTES) || crc(body.array(), 0, bodyLength) != crc) {
            return null;
        }
        return body.array();
    }

    private static boolean readFully(FileChannel ch, ByteBuffer into, long offset) throws IOException {
        long at = offset;
        while (into.hasRemaining()) {
            int n = ch.read(into, at);
            if (n < 0) {
                return false;
            }
            at += n;
        }
        return true;
    }

    /** fsyncs a directory's entries, so a file created or deleted in it stays so after a crash. */
    public static void syncDirectory(Path dir) throws IOException {
        FileSync.directory(dir);
    }
}
