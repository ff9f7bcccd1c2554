package io.coterie.sim.coord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A RESP2 reply as the simulated clients read it. Only our own server's replies are parsed: malformed is a bug. */
sealed interface Reply {

    record Simple(String text) implements Reply {
    }

    record Error(String text) implements Reply {
    }

    record Int(long value) implements Reply {
    }

    /** A bulk string; {@code bytes} is null for the nil bulk. */
    record Bulk(byte[] bytes) implements Reply {
        String text() {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    record Array(List<Reply> elements) implements Reply {
    }

    static Reply parse(byte[] bytes) {
        int[] at = {0};
        Reply r = parse(bytes, at);
        if (at[0] != bytes.length) {
            throw new IllegalArgumentException("trailing bytes after a reply: " + new String(bytes, StandardCharsets.UTF_8));
        }
        return r;
    }

    private static Reply parse(byte[] b, int[] at) {
        byte kind = b[at[0]++];
        String line = line(b, at);
        switch (kind) {
            case '+':
                return new Simple(line);
            case '-':
                return new Error(line);
            case ':':
                return new Int(Long.parseLong(line));
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return new Bulk(null);
                }
                byte[] value = new byte[n];
                System.arraycopy(b, at[0], value, 0, n);
                at[0] += n + 2;
                return new Bulk(value);
            }
            case '*': {
                int n = Integer.parseInt(line);
                List<Reply> elements = new ArrayList<>(Math.max(0, n));
                for (int i = 0; i < n; i++) {
                    elements.add(parse(b, at));
                }
                return new Array(elements);
            }
            default:
                throw new IllegalArgumentException("not a RESP2 reply: " + new String(b, StandardCharsets.UTF_8));
        }
    }

    private static String line(byte[] b, int[] at) {
        int start = at[0];
        while (b[at[0]] != '\r') {
            at[0]++;
        }
        String s = new String(b, start, at[0] - start, StandardCharsets.UTF_8);
        at[0] += 2;
        return s;
    }
}
