package io.coterie.server.command;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A command's arguments as raw bytes; index 0 is the command name. Parsing helpers throw the
 * {@link CommandError} Redis would answer, so handlers read straight down.
 */
public final class Args {

    private final byte[][] argv;

    public Args(byte[][] argv) {
        if (argv.length == 0) {
            throw new IllegalArgumentException("a command has at least its name");
        }
        this.argv = argv;
    }

    public static Args of(String... words) {
        byte[][] a = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            a[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return new Args(a);
    }

    /** Number of arguments including the command name (Redis's argc). */
    public int count() {
        return argv.length;
    }

    public byte[] bytes(int i) {
        return argv[i];
    }

    /** The arguments from position {@code from} on (e.g. 1: everything after the command name); a view, not a copy. */
    public List<byte[]> from(int from) {
        return Arrays.asList(argv).subList(from, argv.length);
    }

    /** The argument decoded as UTF-8 (options, numbers, names; never keys or values). */
    public String string(int i) {
        return new String(argv[i], StandardCharsets.UTF_8);
    }

    /** The command name, lower-cased, as Redis prints it in error messages. */
    public String commandName() {
        return string(0).toLowerCase(java.util.Locale.ROOT);
    }

    /** Case-insensitive ASCII comparison with an option name such as "NX". */
    public boolean is(int i, String option) {
        byte[] a = argv[i];
        if (a.length != option.length()) {
            return false;
        }
        for (int k = 0; k < a.length; k++) {
            int c = a[k];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            int o = option.charAt(k);
            if (o >= 'a' && o <= 'z') {
                o -= 32;
            }
            if (c != o) {
                return false;
            }
        }
        return true;
    }

    /** Parses a signed 64-bit integer exactly as Redis's string2ll: no spaces, no '+', no leading zeros. */
    public long longArg(int i) {
        return parseLong(argv[i]);
    }

    /** Like {@link #longArg(int)}, but a value outside int range is an error too. */
    public int intArg(int i) {
        long v = longArg(i);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw CommandError.notInteger();
        }
        return (int) v;
    }

    /** Parses a finite double as Redis's INCRBYFLOAT does; "inf"/"nan" are errors. */
    public double doubleArg(int i) {
        return parseDouble(argv[i]);
    }

    public static long parseLong(byte[] s) {
        int n = s.length;
        if (n == 0 || n > 20) {
            throw CommandError.notInteger();
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '-') {
            negative = true;
            i = 1;
            if (n == 1) {
                throw CommandError.notInteger();
            }
        }
        if (s[i] == '0' && n > i + 1) {
            throw CommandError.notInteger();
        }
        // Accumulate negatively so Long.MIN_VALUE parses.
        long result = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                throw CommandError.notInteger();
            }
            if (result < (Long.MIN_VALUE + d) / 10) {
                throw CommandError.notInteger();
            }
            result = result * 10 - d;
        }
        if (negative) {
            if (s.length == 2 && s[1] == '0') {
                throw CommandError.notInteger(); // "-0" is rejected by Redis too
            }
            return result;
        }
        if (result == Long.MIN_VALUE) {
            throw CommandError.notInteger();
        }
        return -result;
    }

    public static double parseDouble(byte[] s) {
        String str = new String(s, StandardCharsets.US_ASCII);
        if (str.isEmpty() || Character.isWhitespace(str.charAt(0)) || Character.isWhitespace(str.charAt(str.length() - 1))) {
            throw CommandError.notFloat();
        }
        try {
            double d = Double.parseDouble(str);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw CommandError.notFloat();
            }
            // Java accepts suffixes like "1.5d"/"0x1p3" that Redis does not.
            char last = str.charAt(str.length() - 1);
            if (last == 'd' || last == 'D' || last == 'f' || last == 'F' || str.contains("x") || str.contains("X")) {
                throw CommandError.notFloat();
            }
            return d;
        } catch (NumberFormatException e) {
            throw CommandError.notFloat();
        }
    }
}
