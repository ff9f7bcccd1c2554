package io.coterie.server.command;

import java.nio.charset.StandardCharsets;

/**
 * Where a command writes its reply, in RESP2 terms. The server's implementation encodes straight
 * into the connection's output buffer (no reply objects on the hot path); tests record what was written.
 * An array is written as {@link #array(int)} followed by exactly that many elements.
 */
public interface RespWriter {

    void simpleString(String s);

    /** {@code text} is everything after '-', e.g. "ERR syntax error". */
    void error(String text);

    void integer(long n);

    void bulk(byte[] bytes);

    /** A bulk string of {@code length} bytes of {@code bytes} from {@code offset}. */
    void bulk(byte[] bytes, int offset, int length);

    /** RESP2 null bulk string ($-1), e.g. GET of a missing key. */
    void nullBulk();

    void array(int length);

    /** RESP2 null array (*-1). */
    void nullArray();

    default void ok() {
        simpleString("OK");
    }

    default void bulk(String s) {
        bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    default void error(CommandError e) {
        error(e.reply());
    }
}
