package io.coterie.server.command;

/**
 * Redis's glob matching (stringmatchlen in util.c) over bytes: {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a-z]}, and {@code \} escapes. Used by KEYS, SCAN MATCH and CONFIG GET.
 */
public final class GlobPattern {

    /** Redis caps the recursion of '*' to avoid pathological patterns; so do we. */
    private static final int MAX_NESTING = 1000;

    private GlobPattern() {
    }

    public static boolean matches(byte[] pattern, byte[] subject, boolean nocase) {
        int[] skipLongerMatches = {0};
        return match(pattern, 0, subject, 0, nocase, skipLongerMatches, 0);
    }

    public static boolean matches(String pattern, String subject, boolean nocase) {
        return matches(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                subject.getBytes(java.nio.charset.StandardCharsets.UTF_8), nocase);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int[] skipLonger, int nesting) {
        if (nesting > MAX_NESTING) {
            return false;
        }
        if (si == s.length) {
            // Redis's callers special-case a lone "*" so it matches the empty key; doing it here covers them all.
            while (pi < p.length && p[pi] == '*') {
                pi++;
            }
        }
        while (pi < p.length && si < s.length) {
            switch (p[pi]) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int k = si; k < s.length; k++) {
                        if (match(p, pi + 1, s, k, nocase, skipLonger, nesting + 1)) {
                            return true;
                        }
                        if (skipLonger[0] != 0) {
                            return false;
                        }
                    }
                    skipLonger[0] = 1;
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean found = false;
                    while (true) {
                        if (pi < p.length && p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            if (eq(p[pi], s[si], nocase)) {
                                found = true;
                            }
                        } else if (pi >= p.length) {
                            pi--; // unterminated class: treat as ending here, like Redis
                            break;
                        } else if (p[pi] == ']') {
                            break;
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int start = lower(p[pi], nocase);
                            int end = lower(p[pi + 2], nocase);
                            int c = lower(s[si], nocase);
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            pi += 2;
                            if (c >= start && c <= end) {
                                found = true;
                            }
                        } else if (eq(p[pi], s[si], nocase)) {
                            found = true;
                        }
                        pi++;
                    }
                    if (not) {
                        found = !found;
                    }
                    if (!found) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    if (!eq(p[pi], s[si], nocase)) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (!eq(p[pi], s[si], nocase)) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
            if (si == s.length) {
                while (pi < p.length && p[pi] == '*') {
                    pi++;
                }
                break;
            }
        }
        return pi == p.length && si == s.length;
    }

    private static boolean eq(byte a, byte b, boolean nocase) {
        return nocase ? lower(a, true) == lower(b, true) : a == b;
    }

    private static int lower(byte b, boolean nocase) {
        int c = b & 0xff;
        return nocase && c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
