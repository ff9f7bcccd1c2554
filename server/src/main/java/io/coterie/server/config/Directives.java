package io.coterie.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The directive table: every setting the server understands, in --help order. Redis's own
 * directives keep Redis's names, defaults and CONFIG SET mutability; the cluster directives are
 * SPEC section 4.
 */
public final class Directives {

    public static final String PORT = "port";
    public static final String BIND = "bind";
    public static final String DIR = "dir";
    public static final String REQUIREPASS = "requirepass";
    public static final String APPENDFSYNC = "appendfsync";
    public static final String MAXCLIENTS = "maxclients";
    public static final String PROTO_MAX_BULK_LEN = "proto-max-bulk-len";
    public static final String MAXMEMORY = "maxmemory";
    public static final String MAX_KEYS = "max-keys";
    public static final String EVENT_LOOPS = "event-loops";
    public static final String LOGLEVEL = "loglevel";
    public static final String LOGFILE = "logfile";
    public static final String CLUSTER_PORT = "cluster-port";

    private static final long GB = 1024L * 1024 * 1024;
    private static final long MB = 1024L * 1024;

    private static final List<Directive> ALL = List.of(
            d(PORT, ValueType.integer(1, 65535), "6379", false, "TCP port for RESP clients"),
            d(BIND, ValueType.addresses(), "127.0.0.1", false, "addresses to listen on (space separated; '*' = all IPv4)"),
            d(DIR, ValueType.string(), "./data", false, "data directory (relative to the working directory)"),
            d(REQUIREPASS, ValueType.string(), "", true, "password clients must AUTH with; empty = no password"),
            d(APPENDFSYNC, ValueType.oneOf("always", "everysec", "no"), "everysec", true,
                    "when the commit log is fsynced: always (before each reply batch), everysec, no (left to the OS)"),
            d(MAXCLIENTS, ValueType.integer(1, 1_000_000), "10000", true, "maximum simultaneous client connections"),
            d(PROTO_MAX_BULK_LEN, ValueType.memory(1024 * 1024, 512 * MB), "536870912", true,
                    "largest bulk string a client may send, refused before it is buffered"),
            d(MAXMEMORY, ValueType.memory(0, Long.MAX_VALUE), "0", true,
                    "memory limit for data; writes past it answer -OOM; 0 = no limit"),
            d(MAX_KEYS, ValueType.integer(1, 4_000_000_000L), "10000000", false,
                    "key capacity the store is sized for; writes past it answer -OOM"),
            d(EVENT_LOOPS, ValueType.integer(0, 256), "0", false,
                    "threads serving client connections; 0 = one per CPU core"),
            d(LOGLEVEL, ValueType.oneOf("debug", "verbose", "notice", "warning"), "notice", true,
                    "log verbosity: debug, verbose, notice or warning"),
            d(LOGFILE, ValueType.string(), "", false, "log file path; empty = standard output"),
            d("save", saveType(), "", true,
                    "accepted for compatibility: Coterie takes no RDB snapshots, only the empty value is valid"),
            d("appendonly", appendOnlyType(), "yes", true,
                    "accepted for compatibility: the commit log is always on, only 'yes' is valid"),
            d("databases", ValueType.integer(1, 1), "1", false, "number of databases: Coterie has only db 0"),
            d("cluster-secret", ValueType.string(), "", false,
                    "shared secret every node proves on the bus; empty = the bus only accepts 127.0.0.1"),
            d("cluster-seeds", ValueType.hostPorts(), "", false,
                    "host:port,... client ports of nodes to join through; empty = a cluster of one"),
            d(CLUSTER_PORT, ValueType.integer(0, 65535), "0", false, "inter-node bus port; 0 = port + 10000"),
            d("replicas", ValueType.integer(1, 16), "3", false, "N, the replication factor (capped at cluster size)"),
            d("read-consistency", ValueType.consistency(false), "QUORUM", true,
                    "default read level: ONE, TWO, THREE, QUORUM, ALL or a number"),
            d("write-consistency", ValueType.consistency(true), "QUORUM", true,
                    "default write level: ONE, TWO, THREE, QUORUM, ALL, ANY or a number"),
            d("request-timeout-ms", ValueType.integer(1, 600_000), "2000", true,
                    "coordinator's deadline for reaching a consistency level, in milliseconds"),
            d("sloppy-quorum", ValueType.bool(), "yes", true, "fallback nodes count toward W when home replicas are down"),
            d("hinted-handoff", ValueType.bool(), "yes", true, "keep hints for down replicas and hand them off on return"),
            d("hint-window-seconds", ValueType.integer(0, 30L * 24 * 3600), "10800", true,
                    "how long to keep hinting a down node, in seconds"),
            d("hint-bytes-max", ValueType.memory(0, Long.MAX_VALUE), Long.toString(GB), true,
                    "how many bytes of hints to keep per down node"),
            d("repair-interval-seconds", ValueType.integer(0, 365L * 24 * 3600), "3600", true,
                    "background Merkle anti-entropy period in seconds; 0 = off"),
            d("repair-bytes-per-second", ValueType.memory(1024, Long.MAX_VALUE), Long.toString(16 * MB), true,
                    "anti-entropy repair throttle, bytes per second"),
            d("tombstone-grace-seconds", ValueType.integer(0, 365L * 24 * 3600), "86400", true,
                    "how long tombstones outlive a delete, in seconds"),
            d("vnodes", ValueType.integer(1, 4096), "256", false, "virtual nodes per unit of node-weight on the ring"),
            d("node-weight", ValueType.integer(1, 100), "1", false, "this node's share of the ring relative to others"),
            d("rack", ValueType.string(), "", false, "rack (failure domain) name; replicas prefer distinct racks"));

    private static final Map<String, Directive> BY_NAME = index();

    private Directives() {
    }

    public static List<Directive> all() {
        return ALL;
    }

    /** The directive called {@code name} (any case), or null. */
    public static Directive find(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    private static Directive d(String name, ValueType type, String def, boolean mutable, String help) {
        return new Directive(name, type, def, mutable, help);
    }

    private static ValueType saveType() {
        return new ValueType("\"\" (empty)", 1, raw -> {
            if (!raw.isEmpty()) {
                throw new IllegalArgumentException("Coterie takes no RDB snapshots: only save \"\" is accepted");
            }
            return raw;
        });
    }

    private static ValueType appendOnlyType() {
        return new ValueType("yes", 1, raw -> {
            if (!raw.equalsIgnoreCase("yes")) {
                throw new IllegalArgumentException("Coterie's commit log is always on: only appendonly yes is accepted");
            }
            return "yes";
        });
    }

    private static Map<String, Directive> index() {
        Map<String, Directive> m = new LinkedHashMap<>();
        for (Directive d : ALL) {
            if (m.put(d.name(), d) != null) {
                throw new IllegalStateException("duplicate directive " + d.name());
            }
        }
        return m;
    }
}
