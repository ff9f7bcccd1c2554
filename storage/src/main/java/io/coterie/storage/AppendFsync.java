package io.coterie.storage;

import java.util.Locale;

/** When the commit log is fsynced, as Redis's {@code appendfsync}. */
public enum AppendFsync {
    /** Before the reply of every write batch: an acknowledged write survives kill -9 and power loss. */
    ALWAYS,
    /** Once a second in the background: at most about a second of writes lost on power loss. */
    EVERYSEC,
    /** Left to the OS: survives kill -9 (the OS has the data), not power loss. */
    NO;

    public static AppendFsync parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "always" -> ALWAYS;
            case "everysec" -> EVERYSEC;
            case "no" -> NO;
            default -> throw new IllegalArgumentException("argument must be 'always', 'everysec' or 'no'");
        };
    }

    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
