package io.coterie.server.cluster.forward;

import io.coterie.server.dispatch.ReplySink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes one command's reply as RESP2 bytes on the heap: the reply a forwarded command sends back,
 * and a fan-out's local part. Not on the single-node path (that one writes into the connection's buffer).
 */
public final class ReplyBytes implements ReplySink {

    private static final int INITIAL_BYTES = 64;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BYTES);
    private int markSize;

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    /** One error reply, as a whole RESP message. */
    public static byte[] errorReply(String text) {
        ReplyBytes r = new ReplyBytes();
        r.error(text);
        return r.toByteArray();
    }

    @Override
    public void mark() {
        markSize = out.size();
    }

    @Override
    public void rollback() {
        byte[] kept = out.toByteArray();
        out.reset();
        out.write(kept, 0, markSize);
    }

    @Override
    public void simpleString(String s) {
        line('+', s);
    }

    @Override
    public void error(String text) {
        line('-', text);
    }

    @Override
    public void integer(long n) {
        header(':', n);
    }

    @Override
    public void bulk(byte[] bytes) {
        bulk(bytes, 0, bytes.length);
    }

    @Override
    public void bulk(byte[] bytes, int offset, int length) {
        header('$', length);
        out.write(bytes, offset, length);
        crlf();
    }

    @Override
    public void nullBulk() {
        ascii("$-1\r\n");
    }

    @Override
    public void array(int length) {
        header('*', length);
    }

    @Override
    public void nullArray() {
        ascii("*-1\r\n");
    }

    /** Appends an already encoded RESP value (a fan-out part's element). */
    void raw(byte[] bytes, int offset, int length) {
        out.write(bytes, offset, length);
    }

    private void line(char type, String s) {
        out.write(type);
        // CR or LF would end the line early; Redis turns them into spaces too.
        byte[] b = s.replace('\r', ' ').replace('\n', ' ').getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        crlf();
    }

    private void header(char type, long n) {
        ascii(type + Long.toString(n) + "\r\n");
    }

    private void ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    private void crlf() {
        out.write('\r');
        out.write('\n');
    }
}
