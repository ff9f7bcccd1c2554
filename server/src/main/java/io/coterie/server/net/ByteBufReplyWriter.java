package io.coterie.server.net;

import io.coterie.server.dispatch.ReplySink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Encodes replies straight into one pooled buffer per read batch (no reply objects): the
 * connection takes the buffer and writes it once at the end of the batch. Common replies are
 * pre-encoded. Used only from the connection's event loop.
 */
final class ByteBufReplyWriter implements ReplySink {

    /** Enough for a batch of small replies; the pooled buffer grows for larger ones. */
    private static final int BATCH_BUFFER_INITIAL_BYTES = 512;
    /** Integers, bulk and array lengths below this are written from pre-encoded lines. */
    private static final int CACHED_NUMBERS = 1024;

    private static final byte[] OK = ascii("+OK\r\n");
    private static final byte[] NULL_BULK = ascii("$-1\r\n");
    private static final byte[] NULL_ARRAY = ascii("*-1\r\n");
    private static final short CRLF = ('\r' << 8) | '\n';
    private static final byte[][] INTEGERS = lines(':');
    private static final byte[][] BULK_HEADERS = lines('$');
    private static final byte[][] ARRAY_HEADERS = lines('*');

    private final ByteBufAllocator alloc;
    private final LongAdder errorReplies;
    private ByteBuf buf;
    private int markIndex;

    ByteBufReplyWriter(ByteBufAllocator alloc, LongAdder errorReplies) {
        this.alloc = alloc;
        this.errorReplies = errorReplies;
    }

    /** Hands over what was written since the last take (null if nothing); the caller owns it. */
    ByteBuf take() {
        ByteBuf b = buf;
        buf = null;
        markIndex = 0;
        return b;
    }

    /** May be called from other threads for display (CLIENT LIST), hence the single read of the field. */
    int pendingBytes() {
        ByteBuf b = buf;
        return b == null ? 0 : b.readableBytes();
    }

    void release() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }

    private ByteBuf out() {
        if (buf == null) {
            buf = alloc.ioBuffer(BATCH_BUFFER_INITIAL_BYTES);
        }
        return buf;
    }

    @Override
    public void mark() {
        markIndex = buf == null ? 0 : buf.writerIndex();
    }

    @Override
    public void rollback() {
        if (buf != null) {
            buf.writerIndex(markIndex);
        }
    }

    @Override
    public void ok() {
        out().writeBytes(OK);
    }

    @Override
    public void simpleString(String s) {
        ByteBuf b = out();
        b.writeByte('+');
        writeLine(b, s);
    }

    @Override
    public void error(String text) {
        errorReplies.increment();
        ByteBuf b = out();
        b.writeByte('-');
        writeLine(b, text);
    }

    @Override
    public void integer(long n) {
        ByteBuf b = out();
        if (n >= 0 && n < CACHED_NUMBERS) {
            b.writeBytes(INTEGERS[(int) n]);
        } else {
            b.writeByte(':');
            writeDecimal(b, n);
            b.writeShort(CRLF);
        }
    }

    @Override
    public void bulk(byte[] bytes) {
        bulk(bytes, 0, bytes.length);
    }

    @Override
    public void bulk(byte[] bytes, int offset, int length) {
        ByteBuf b = out();
        header(b, BULK_HEADERS, '$', length);
        b.writeBytes(bytes, offset, length);
        b.writeShort(CRLF);
    }

    @Override
    public void bulk(String s) {
        ByteBuf b = out();
        int length = ByteBufUtil.utf8Bytes(s);
        header(b, BULK_HEADERS, '$', length);
        b.writeCharSequence(s, StandardCharsets.UTF_8);
        b.writeShort(CRLF);
    }

    @Override
    public void nullBulk() {
        out().writeBytes(NULL_BULK);
    }

    @Override
    public void array(int length) {
        header(out(), ARRAY_HEADERS, '*', length);
    }

    @Override
    public void nullArray() {
        out().writeBytes(NULL_ARRAY);
    }

    private static void header(ByteBuf b, byte[][] cache, char type, int length) {
        if (length < CACHED_NUMBERS) {
            b.writeBytes(cache[length]);
        } else {
            b.writeByte(type);
            writeDecimal(b, length);
            b.writeShort(CRLF);
        }
    }

    /** A status or error line: CR and LF would end the reply early, so they become spaces (as Redis does). */
    private static void writeLine(ByteBuf b, String s) {
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            s = s.replace('\r', ' ').replace('\n', ' ');
        }
        b.writeCharSequence(s, StandardCharsets.UTF_8);
        b.writeShort(CRLF);
    }

    static void writeDecimal(ByteBuf b, long n) {
        if (n == Long.MIN_VALUE) {
            b.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
            return;
        }
        if (n < 0) {
            b.writeByte('-');
            n = -n;
        }
        int digits = 1;
        for (long p = 10; digits < 19 && n >= p; p *= 10) {
            digits++;
        }
        int start = b.writerIndex();
        b.ensureWritable(digits);
        for (int i = digits - 1; i >= 0; i--) {
            b.setByte(start + i, (int) ('0' + n % 10));
            n /= 10;
        }
        b.writerIndex(start + digits);
    }

    private static byte[][] lines(char type) {
        byte[][] l = new byte[CACHED_NUMBERS][];
        for (int i = 0; i < CACHED_NUMBERS; i++) {
            l[i] = ascii(type + Integer.toString(i) + "\r\n");
        }
        return l;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
