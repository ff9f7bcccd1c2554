package io.coterie.server.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A {@link RespWriter} that records what a command wrote as a tree of {@link Reply} values, checking
 * the shape (arrays get exactly the elements they announced) as it goes.
 */
public final class RecordingRespWriter implements RespWriter {

    /** One RESP2 reply. {@code toString} renders it compactly for assertions, e.g. {@code ["0", ["a"]]}. */
    public sealed interface Reply {
    }

    public record Simple(String text) implements Reply {
        @Override
        public String toString() {
            return "+" + text;
        }
    }

    public record Error(String text) implements Reply {
        @Override
        public String toString() {
            return "-" + text;
        }
    }

    public record Int(long value) implements Reply {
        @Override
        public String toString() {
            return ":" + value;
        }
    }

    public record Bulk(byte[] bytes) implements Reply {
        public String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bulk b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        /** Quoted like redis-cli, non-printable bytes as \xNN. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("\"");
            for (byte b : bytes) {
                int c = b & 0xff;
                if (c == '"' || c == '\\') {
                    sb.append('\\').append((char) c);
                } else if (c >= 0x20 && c < 0x7f) {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("\\x%02x", c));
                }
            }
            return sb.append('"').toString();
        }
    }

    public record NullBulk() implements Reply {
        @Override
        public String toString() {
            return "(nil)";
        }
    }

    public record Array(List<Reply> elements) implements Reply {
        @Override
        public String toString() {
            return elements.toString();
        }
    }

    public record NullArray() implements Reply {
        @Override
        public String toString() {
            return "*-1";
        }
    }

    private record OpenArray(int expected, List<Reply> elements) {
    }

    private final List<Reply> replies = new ArrayList<>();
    private final Deque<OpenArray> open = new ArrayDeque<>();

    @Override
    public void simpleString(String s) {
        add(new Simple(s));
    }

    @Override
    public void error(String text) {
        add(new Error(text));
    }

    @Override
    public void integer(long n) {
        add(new Int(n));
    }

    @Override
    public void bulk(byte[] bytes) {
        add(new Bulk(bytes.clone()));
    }

    @Override
    public void bulk(byte[] bytes, int offset, int length) {
        add(new Bulk(Arrays.copyOfRange(bytes, offset, offset + length)));
    }

    @Override
    public void nullBulk() {
        add(new NullBulk());
    }

    @Override
    public void array(int length) {
        if (length < 0) {
            throw new AssertionError("negative array length " + length);
        }
        if (length == 0) {
            add(new Array(List.of()));
        } else {
            open.push(new OpenArray(length, new ArrayList<>(length)));
        }
    }

    @Override
    public void nullArray() {
        add(new NullArray());
    }

    /** Every complete top-level reply written so far. */
    public List<Reply> replies() {
        if (!open.isEmpty()) {
            throw new AssertionError("an array is still missing elements");
        }
        return List.copyOf(replies);
    }

    /** The one reply written; fails if there were none, several, or an unfinished array. */
    public Reply single() {
        List<Reply> all = replies();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one reply, got " + all);
        }
        return all.get(0);
    }

    private void add(Reply r) {
        Reply done = r;
        while (true) {
            OpenArray parent = open.peek();
            if (parent == null) {
                replies.add(done);
                return;
            }
            parent.elements.add(done);
            if (parent.elements.size() < parent.expected) {
                return;
            }
            open.pop();
            done = new Array(List.copyOf(parent.elements));
        }
    }
}
