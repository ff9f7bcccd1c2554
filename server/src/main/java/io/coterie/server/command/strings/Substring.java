package io.coterie.server.command.strings;

/** GETRANGE's index arithmetic (Redis's getrangeCommand), kept apart so its edge cases can be tabled. */
final class Substring {

    /** The half-open byte range [from, to). */
    record Range(int from, int to) {
        int length() {
            return to - from;
        }
    }

    private static final Range EMPTY = new Range(0, 0);

    private Substring() {
    }

    /**
     * The bytes GETRANGE returns from a string of {@code length} bytes for the inclusive indices
     * {@code start} and {@code end}, where negative indices count from the end.
     */
    static Range range(int length, long start, long end) {
        if (start < 0 && end < 0 && start > end) {
            return EMPTY;
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
            return EMPTY;
        }
        return new Range((int) start, (int) end + 1);
    }
}
