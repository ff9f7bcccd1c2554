package io.coterie.server.config;

import java.util.Locale;

/**
 * Redis's memory notation (memtoull in util.c): a plain byte count, or a number with a unit where
 * k/m/g are powers of 1000 and kb/mb/gb powers of 1024, case-insensitive.
 */
public final class MemoryUnits {

    private MemoryUnits() {
    }

    public static long parseBytes(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String digits = t;
        String[][] units = {
            {"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"},
            {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"},
        };
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                multiplier = Long.parseLong(u[1]);
                digits = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("argument must be a memory value");
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("argument must be a memory value");
        }
    }

    /** Human form as INFO prints it (bytesToHuman in server.c): "1.50M", "976.56K", "0B". */
    public static String human(long bytes) {
        double d = bytes;
        if (bytes < 1024) {
            return bytes + "B";
        } else if (bytes < 1024L * 1024) {
            return String.format(Locale.ROOT, "%.2fK", d / 1024);
        } else if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.2fM", d / (1024 * 1024));
        } else if (bytes < 1024L * 1024 * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.2fG", d / (1024L * 1024 * 1024));
        }
        return String.format(Locale.ROOT, "%.2fT", d / (1024L * 1024 * 1024 * 1024));
    }
}
