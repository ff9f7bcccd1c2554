package io.coterie.server.command.strings;

/** GETRANGE's index arithmetic (Redis's getrangeCommand), kept apart so its edge cases can be tabled. */
final class Substring {

    private Substring() {
    }

    /**
     * The half-open byte range [from, to) that GETRANGE returns from a string of {@code length} bytes
     * for the inclusive indices {@code start} and {@code end}, where negative indices count from the end.
     */
    static long[] range(long length, long start, long end) {
        if (start < 0 && end < 0 && start > end) {
            return new long[] {0, 0};
        }
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= length) {
            end = length - 1;
        }
        if (start > end || length == 0) {
            return new long[] {0, 0};
        }
        return new long[] {start, end + 1};
    }
}
