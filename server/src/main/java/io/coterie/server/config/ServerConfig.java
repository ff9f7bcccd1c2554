package io.coterie.server.config;

import io.coterie.storage.AppendFsync;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The running configuration: one canonical value per directive of {@link Directives}. Read from any
 * thread; changed only by CONFIG SET (under this object's lock), which validates every pair before
 * applying any, then tells the listeners (store, logging) about each change.
 */
public final class ServerConfig {

    /** Told about a changed directive after the new value is in place. */
    @FunctionalInterface
    public interface Listener {
        void changed(String directive, String newValue);
    }

    private final Map<String, String> values;
    private final Optional<Path> configFile;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Read per command on the event loops, so kept ready-parsed. */
    private volatile String requirePass;
    private volatile long protoMaxBulkLenBytes;
    private volatile int maxClients;

    ServerConfig(Map<String, String> values, Optional<Path> configFile) {
        this.values = new LinkedHashMap<>(values);
        this.configFile = configFile;
        refreshCachedValues();
    }

    /** Every directive at its default. */
    public static ServerConfig defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Directive d : Directives.all()) {
            m.put(d.name(), d.defaultValue());
        }
        return new ServerConfig(m, Optional.empty());
    }

    /** The file the server was started with, if any (INFO config_file, CONFIG REWRITE). */
    public Optional<Path> configFile() {
        return configFile;
    }

    public synchronized String get(String directive) {
        String v = values.get(directive);
        if (v == null) {
            throw new IllegalArgumentException("no directive " + directive);
        }
        return v;
    }

    /** Name/value pairs, in table order, of the directives whose name matches. */
    public synchronized Map<String, String> snapshot() {
        return new LinkedHashMap<>(values);
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /**
     * CONFIG SET: validates all pairs first so a failing one leaves everything unchanged, as Redis 7.
     *
     * @param pairs name, value, name, value, ...
     * @throws IllegalArgumentException with Redis's CONFIG SET error text
     */
    public void set(List<String> pairs) {
        List<String[]> changes = new ArrayList<>();
        synchronized (this) {
            Map<String, String> staged = new LinkedHashMap<>();
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                String name = pairs.get(i);
                Directive d = Directives.find(name);
                if (d == null) {
                    throw new IllegalArgumentException("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
                }
                if (staged.containsKey(d.name())) {
                    throw new IllegalArgumentException("ERR CONFIG SET failed (possibly related to argument '" + name
                            + "') - duplicate parameter");
                }
                if (!d.mutable()) {
                    throw new IllegalArgumentException("ERR CONFIG SET failed (possibly related to argument '" + name
                            + "') - can't set immutable config");
                }
                String raw = pairs.get(i + 1);
                try {
                    staged.put(d.name(), d.type().normalize(raw));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("ERR CONFIG SET failed (possibly related to argument '" + name
                            + "') - " + e.getMessage());
                }
            }
            for (Map.Entry<String, String> e : staged.entrySet()) {
                values.put(e.getKey(), e.getValue());
                changes.add(new String[] {e.getKey(), e.getValue()});
            }
            refreshCachedValues();
        }
        for (String[] c : changes) {
            for (Listener l : listeners) {
                l.changed(c[0], c[1]);
            }
        }
    }

    private void refreshCachedValues() {
        requirePass = values.get(Directives.REQUIREPASS);
        protoMaxBulkLenBytes = Long.parseLong(values.get(Directives.PROTO_MAX_BULK_LEN));
        maxClients = Integer.parseInt(values.get(Directives.MAXCLIENTS));
    }

    public int port() {
        return Integer.parseInt(get(Directives.PORT));
    }

    /** Addresses to bind; a leading '-' (optional address) is stripped, '*' means every IPv4 address. */
    public List<String> bindAddresses() {
        List<String> out = new ArrayList<>();
        for (String a : get(Directives.BIND).split(" ")) {
            String addr = a.startsWith("-") ? a.substring(1) : a;
            out.add(addr.equals("*") ? "0.0.0.0" : addr.equals("::*") ? "::" : addr);
        }
        return out;
    }

    public Path dir() {
        return Path.of(get(Directives.DIR));
    }

    /** Empty when no password is required. */
    public String requirePass() {
        return requirePass;
    }

    public AppendFsync appendFsync() {
        return AppendFsync.parse(get(Directives.APPENDFSYNC));
    }

    public int maxClients() {
        return maxClients;
    }

    public long protoMaxBulkLenBytes() {
        return protoMaxBulkLenBytes;
    }

    public long maxMemoryBytes() {
        return Long.parseLong(get(Directives.MAXMEMORY));
    }

    public long maxKeys() {
        return Long.parseLong(get(Directives.MAX_KEYS));
    }

    /** Client event loop threads: the configured number, or one per core. */
    public int eventLoops() {
        int n = Integer.parseInt(get(Directives.EVENT_LOOPS));
        return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }

    public String logLevel() {
        return get(Directives.LOGLEVEL);
    }

    /** Empty = standard output. */
    public String logFile() {
        return get(Directives.LOGFILE);
    }

    /** The effective bus port: the configured one, or port + 10000 (SPEC section 4). */
    public int clusterPort() {
        int p = Integer.parseInt(get(Directives.CLUSTER_PORT));
        return p != 0 ? p : port() + 10000;
    }
}
