package io.coterie.server.cluster.coordinator;

import io.coterie.ring.quorum.Consistency;
import io.coterie.ring.quorum.ConsistencyLevel;
import io.coterie.server.command.Session;
import io.coterie.server.config.ServerConfig;

/**
 * The coordinator's directives, kept current under CONFIG SET: deadline, sloppy quorum, hinted
 * handoff, and the default read/write levels of connections that never ran CONSISTENCY.
 */
public final class CoordinatorSettings {

    static final String REQUEST_TIMEOUT = "request-timeout-ms";
    static final String SLOPPY_QUORUM = "sloppy-quorum";
    static final String HINTED_HANDOFF = "hinted-handoff";
    static final String READ_CONSISTENCY = "read-consistency";
    static final String WRITE_CONSISTENCY = "write-consistency";

    private volatile long requestTimeoutMs;
    private volatile boolean sloppyQuorum;
    private volatile boolean hintedHandoff;
    private volatile Consistency defaults;

    private CoordinatorSettings() {
    }

    public static CoordinatorSettings from(ServerConfig config) {
        CoordinatorSettings s = new CoordinatorSettings();
        s.requestTimeoutMs = Long.parseLong(config.get(REQUEST_TIMEOUT));
        s.sloppyQuorum = yes(config.get(SLOPPY_QUORUM));
        s.hintedHandoff = yes(config.get(HINTED_HANDOFF));
        s.defaults = new Consistency(level(config.get(READ_CONSISTENCY)), level(config.get(WRITE_CONSISTENCY)));
        config.addListener((name, value) -> {
            switch (name) {
                case REQUEST_TIMEOUT -> s.requestTimeoutMs = Long.parseLong(value);
                case SLOPPY_QUORUM -> s.sloppyQuorum = yes(value);
                case HINTED_HANDOFF -> s.hintedHandoff = yes(value);
                case READ_CONSISTENCY -> s.defaults = s.defaults.withRead(level(value));
                case WRITE_CONSISTENCY -> s.defaults = s.defaults.withWrite(level(value));
                default -> { }
            }
        });
        return s;
    }

    public long requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public boolean sloppyQuorum() {
        return sloppyQuorum;
    }

    public boolean hintedHandoff() {
        return hintedHandoff;
    }

    /** The levels a connection runs at: its own CONSISTENCY, or the server's defaults. */
    public Consistency levelsFor(Session session) {
        Consistency own = session.consistency();
        return own != null ? own : defaults;
    }

    private static boolean yes(String value) {
        return value.equalsIgnoreCase("yes");
    }

    /** The config layer validated the value already (ValueType.consistency). */
    private static ConsistencyLevel level(String value) {
        return ConsistencyLevel.parse(value).orThrow();
    }
}
