package io.coterie.server.dispatch;

import java.nio.charset.StandardCharsets;

/** Records replies as RESP text, so tests compare what would go on the wire. */
public final class RecordingSink implements ReplySink {

    private final StringBuilder text = new StringBuilder();
    private int mark;

    @Override
    public void mark() {
        mark = text.length();
    }

    @Override
    public void rollback() {
        text.setLength(mark);
    }

    @Override
    public void simpleString(String s) {
        text.append('+').append(s).append("\r\n");
    }

    @Override
    public void error(String t) {
        text.append('-').append(t).append("\r\n");
    }

    @Override
    public void integer(long n) {
        text.append(':').append(n).append("\r\n");
    }

    @Override
    public void bulk(byte[] bytes) {
        bulk(bytes, 0, bytes.length);
    }

    @Override
    public void bulk(byte[] bytes, int offset, int length) {
        text.append('$').append(length).append("\r\n")
                .append(new String(bytes, offset, length, StandardCharsets.UTF_8)).append("\r\n");
    }

    @Override
    public void nullBulk() {
        text.append("$-1\r\n");
    }

    @Override
    public void array(int length) {
        text.append('*').append(length).append("\r\n");
    }

    @Override
    public void nullArray() {
        text.append("*-1\r\n");
    }

    /** Everything recorded so far, then forgets it. */
    public String take() {
        String s = text.toString();
        text.setLength(0);
        mark = 0;
        return s;
    }
}
