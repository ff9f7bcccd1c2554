package io.coterie.server.cluster.forward;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A RESP2 reply as a fan-out merge needs to see it. Parsed only from our own nodes' replies, so a
 * malformed one is a bug and fails loudly ({@link IllegalArgumentException}).
 */
sealed interface RespValue {

    record Simple(String text) implements RespValue {
    }

    record Error(String text) implements RespValue {
    }

    record Int(long value) implements RespValue {
    }

    /** A bulk string or a nested array, kept as its exact encoding ({@code bytes[from, to)}) to copy through. */
    record Encoded(byte[] bytes, int from, int to) implements RespValue {
    }

    record Array(List<Encoded> elements) implements RespValue {
    }

    /** Parses exactly one reply that must span all of {@code bytes}. */
    static RespValue parse(byte[] bytes) {
        int[] end = new int[1];
        RespValue v = parseAt(bytes, 0, end);
        if (end[0] != bytes.length) {
            throw new IllegalArgumentException("trailing bytes after a RESP reply");
        }
        return v;
    }

    private static RespValue parseAt(byte[] b, int at, int[] end) {
        if (at >= b.length) {
            throw new IllegalArgumentException("truncated RESP reply");
        }
        int lineEnd = lineEnd(b, at);
        String line = new String(b, at + 1, lineEnd - at - 1, StandardCharsets.UTF_8);
        int next = lineEnd + 2;
        switch (b[at]) {
            case '+' -> {
                end[0] = next;
                return new Simple(line);
            }
            case '-' -> {
                end[0] = next;
                return new Error(line);
            }
            case ':' -> {
                end[0] = next;
                return new Int(Long.parseLong(line));
            }
            case '$' -> {
                int length = Integer.parseInt(line);
                end[0] = length < 0 ? next : next + length + 2;
                if (end[0] > b.length) {
                    throw new IllegalArgumentException("truncated bulk string");
                }
                return new Encoded(b, at, end[0]);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                List<Encoded> elements = new ArrayList<>(Math.max(0, Math.min(count, b.length)));
                int pos = next;
                for (int i = 0; i < count; i++) {
                    int start = pos;
                    parseAt(b, pos, end);
                    pos = end[0];
                    elements.add(new Encoded(b, start, pos));
                }
                end[0] = pos;
                return new Array(elements);
            }
            default -> throw new IllegalArgumentException("unknown RESP type byte " + b[at]);
        }
    }

    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated RESP line");
    }
}
