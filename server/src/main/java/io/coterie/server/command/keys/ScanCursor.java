package io.coterie.server.command.keys;

import io.coterie.server.command.CommandError;

/**
 * SCAN's cursor argument, parsed as Redis 7.0's parseScanCursorOrReply does with C's strtoul:
 * an unsigned 64-bit decimal, optionally signed ("-1" wraps to 2^64-1), no leading white space,
 * nothing after the digits (the C string ends at the first NUL), and the empty string is 0.
 */
public final class ScanCursor {

    private ScanCursor() {
    }

    /** The cursor's 64 bits (read them as unsigned), or "ERR invalid cursor". */
    public static long parse(byte[] s) {
        int end = 0;
        while (end < s.length && s[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        if (isCSpace(s[0])) {
            throw invalid();
        }
        int i = 0;
        boolean negative = false;
        if (s[i] == '+' || s[i] == '-') {
            negative = s[i] == '-';
            i++;
        }
        int firstDigit = i;
        long value = 0;
        for (; i < end; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                throw invalid();
            }
            // Unsigned overflow is strtoul's ERANGE.
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0) {
                throw invalid();
            }
            long next = value * 10 + d;
            if (Long.compareUnsigned(next, value * 10) < 0) {
                throw invalid();
            }
            value = next;
        }
        if (i == firstDigit) {
            throw invalid();
        }
        return negative ? -value : value;
    }

    private static boolean isCSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static CommandError invalid() {
        return new CommandError("ERR invalid cursor");
    }
}
