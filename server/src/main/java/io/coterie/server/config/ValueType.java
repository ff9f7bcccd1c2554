package io.coterie.server.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How one directive's value is checked and written canonically: {@link #normalize} turns what the
 * user wrote into the form CONFIG GET shows (memory as a byte count, booleans as yes/no), or throws
 * IllegalArgumentException with the reason Redis would give.
 *
 * @param description what --help says the value is
 * @param maxArgs     how many words the directive takes (bind takes several)
 */
public record ValueType(String description, int maxArgs, Normalizer normalizer) {

    @FunctionalInterface
    public interface Normalizer {
        String normalize(String raw);
    }

    public String normalize(String raw) {
        return normalizer.normalize(raw);
    }

    public static ValueType string() {
        return new ValueType("string", 1, raw -> raw);
    }

    public static ValueType integer(long min, long max) {
        return new ValueType("integer " + min + ".." + max, 1, raw -> {
            long v;
            try {
                v = Long.parseLong(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("argument couldn't be parsed into an integer");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
            }
            return Long.toString(v);
        });
    }

    public static ValueType memory(long minBytes, long maxBytes) {
        return new ValueType("memory (bytes, or with k/kb/m/mb/g/gb)", 1, raw -> {
            long v = MemoryUnits.parseBytes(raw);
            if (v < minBytes || v > maxBytes) {
                throw new IllegalArgumentException("argument must be between " + minBytes + " and " + maxBytes + " bytes");
            }
            return Long.toString(v);
        });
    }

    public static ValueType bool() {
        return new ValueType("yes|no", 1, raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "yes" -> "yes";
            case "no" -> "no";
            default -> throw new IllegalArgumentException("argument must be 'yes' or 'no'");
        });
    }

    public static ValueType oneOf(String... choices) {
        List<String> allowed = Arrays.asList(choices);
        return new ValueType(String.join("|", choices), 1, raw -> {
            String v = raw.toLowerCase(Locale.ROOT);
            if (!allowed.contains(v)) {
                throw new IllegalArgumentException("argument(s) must be one of the following: " + String.join(", ", choices));
            }
            return v;
        });
    }

    /** SPEC section 2: ONE, TWO, THREE, QUORUM, ALL, an integer 1..N, and ANY for writes only. */
    public static ValueType consistency(boolean allowAny) {
        String names = allowAny ? "ONE|TWO|THREE|QUORUM|ALL|ANY|<n>" : "ONE|TWO|THREE|QUORUM|ALL|<n>";
        return new ValueType(names, 1, raw -> {
            String v = raw.toUpperCase(Locale.ROOT);
            switch (v) {
                case "ONE", "TWO", "THREE", "QUORUM", "ALL" -> {
                    return v;
                }
                case "ANY" -> {
                    if (allowAny) {
                        return v;
                    }
                    throw new IllegalArgumentException("ANY is a write level only");
                }
                default -> {
                    try {
                        int n = Integer.parseInt(v);
                        if (n >= 1 && n <= 64) {
                            return Integer.toString(n);
                        }
                    } catch (NumberFormatException e) {
                        // falls through to the error below
                    }
                    throw new IllegalArgumentException("argument must be one of " + names + " (n between 1 and 64)");
                }
            }
        });
    }

    /** One or more IP addresses, as Redis's bind; a leading '-' marks an optional address. */
    public static ValueType addresses() {
        return new ValueType("address [address ...]", 16, raw -> {
            List<String> out = new ArrayList<>();
            for (String a : raw.trim().split("\\s+")) {
                String addr = a.startsWith("-") ? a.substring(1) : a;
                if (addr.isEmpty() || !isIpLiteral(addr)) {
                    throw new IllegalArgumentException("'" + a + "' is not an IP address");
                }
                out.add(a);
            }
            return String.join(" ", out);
        });
    }

    /** host:port[,host:port...], possibly empty. */
    public static ValueType hostPorts() {
        return new ValueType("host:port[,host:port...]", 1, raw -> {
            String t = raw.trim();
            if (t.isEmpty()) {
                return "";
            }
            List<String> out = new ArrayList<>();
            for (String hp : t.split(",")) {
                String s = hp.trim();
                int colon = s.lastIndexOf(':');
                if (colon <= 0 || colon == s.length() - 1) {
                    throw new IllegalArgumentException("'" + s + "' is not host:port");
                }
                try {
                    int port = Integer.parseInt(s.substring(colon + 1));
                    if (port < 1 || port > 65535) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + s + "' has an invalid port");
                }
                out.add(s);
            }
            return String.join(",", out);
        });
    }

    private static boolean isIpLiteral(String s) {
        if (s.equals("*") || s.equals("::*")) {
            return true;
        }
        if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (s.indexOf(':') >= 0 && s.matches("[0-9a-fA-F:.]+")) {
            try {
                // A string with ':' is parsed as an IPv6 literal, never looked up in DNS.
                InetAddress.getByName(s);
                return true;
            } catch (Exception e) {
                return false;
            }
        }
        return false;
    }
}
