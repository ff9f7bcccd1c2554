package io.coterie.server.command.server;

import io.coterie.server.ServerMetrics;
import io.coterie.server.ServerRuntime;
import io.coterie.server.command.cluster.ClusterReplies;
import io.coterie.server.config.MemoryUnits;
import io.coterie.server.config.ServerConfig;
import io.coterie.server.config.ServerInfo;
import io.coterie.storage.StoreStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The INFO text, laid out exactly as Redis's ({@code # Section} headers, {@code field:value} lines,
 * CRLF endings, a blank line between sections) so redis-cli, Lettuce and monitoring agents parse it.
 */
public final class InfoReport {

    /** What INFO with no argument (or "default") shows; "all" and "everything" add nothing more here. */
    static final List<String> DEFAULT_SECTIONS = List.of(
            "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "cluster", "keyspace", "coterie");

    private static final String CRLF = "\r\n";
    /** Redis's server cron frequency; ours drives active expiry the same way. */
    public static final int HZ = 10;
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final long PAGE_BYTES = 4096;

    private final ServerRuntime runtime;

    public InfoReport(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    public String render(List<String> requested) {
        Set<String> sections = new LinkedHashSet<>();
        if (requested.isEmpty()) {
            sections.addAll(DEFAULT_SECTIONS);
        }
        for (String r : requested) {
            String s = r.toLowerCase(Locale.ROOT);
            if (s.equals("default") || s.equals("all") || s.equals("everything")) {
                sections.addAll(DEFAULT_SECTIONS);
            } else {
                sections.add(s);
            }
        }
        StoreStats stats = runtime.store().stats();
        StringBuilder sb = new StringBuilder();
        for (String s : DEFAULT_SECTIONS) {
            if (!sections.contains(s)) {
                continue;
            }
            List<String> lines = section(s, stats);
            if (lines.isEmpty() && !s.equals("keyspace")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(CRLF);
            }
            sb.append("# ").append(Character.toUpperCase(s.charAt(0))).append(s.substring(1)).append(CRLF);
            for (String l : lines) {
                sb.append(l).append(CRLF);
            }
        }
        return sb.toString();
    }

    private List<String> section(String name, StoreStats stats) {
        return switch (name) {
            case "server" -> server();
            case "clients" -> clients();
            case "memory" -> memory(stats);
            case "persistence" -> persistence(stats);
            case "stats" -> stats(stats);
            case "replication" -> List.of("role:master", "connected_slaves:0", "master_failover_state:no-failover",
                    "master_replid:0000000000000000000000000000000000000000",
                    "master_replid2:0000000000000000000000000000000000000000",
                    "master_repl_offset:0", "second_repl_offset:-1", "repl_backlog_active:0", "repl_backlog_size:0",
                    "repl_backlog_first_byte_offset:0", "repl_backlog_histlen:0");
            case "cpu" -> cpu();
            case "cluster" -> cluster();
            case "keyspace" -> stats.keys() > 0
                    ? List.of("db0:keys=" + stats.keys() + ",expires=" + stats.keysWithExpiry() + ",avg_ttl=0")
                    : List.of();
            case "coterie" -> coterie(stats);
            default -> List.of();
        };
    }

    /**
     * cluster_enabled:1 tells cluster-aware clients to read CLUSTER SLOTS/NODES; plain clients keep working against
     * any node because Coterie never answers MOVED or ASK (SPEC §2).
     */
    private List<String> cluster() {
        return runtime.cluster().map(c -> {
            List<String> l = new ArrayList<>();
            l.add("cluster_enabled:1");
            l.addAll(ClusterReplies.info(c.current(), c.settings().replicas()));
            l.addAll(runtime.clusterInfo());
            return l;
        }).orElse(List.of("cluster_enabled:0"));
    }

    private List<String> server() {
        ServerConfig c = runtime.config();
        long uptimeSeconds = (runtime.clock().millis() - runtime.startedAtMs()) / 1000;
        List<String> l = new ArrayList<>();
        l.add("redis_version:" + ServerInfo.REDIS_VERSION);
        l.add("redis_git_sha1:00000000");
        l.add("redis_git_dirty:0");
        l.add("redis_build_id:0");
        l.add("redis_mode:standalone");
        l.add("os:" + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        l.add("arch_bits:" + (System.getProperty("os.arch", "").contains("64") ? 64 : 32));
        l.add("multiplexing_api:java-nio");
        l.add("process_id:" + ProcessHandle.current().pid());
        l.add("run_id:" + runId());
        l.add("tcp_port:" + runtime.boundPort());
        l.add("server_time_usec:" + runtime.clock().millis() * 1000);
        l.add("uptime_in_seconds:" + uptimeSeconds);
        l.add("uptime_in_days:" + uptimeSeconds / 86400);
        l.add("hz:" + HZ);
        l.add("configured_hz:" + HZ);
        l.add("executable:" + ProcessHandle.current().info().command().orElse(""));
        l.add("config_file:" + c.configFile().map(Path::toString).orElse(""));
        l.add("coterie_version:" + ServerInfo.coterieVersion());
        return l;
    }

    private String runId() {
        return String.format("%040x", (ProcessHandle.current().pid() * 0x9E3779B97F4A7C15L) ^ runtime.startedAtMs())
                .substring(0, 40);
    }

    private List<String> clients() {
        return List.of(
                "connected_clients:" + runtime.clients().count(),
                "cluster_connections:0",
                "maxclients:" + runtime.config().maxClients(),
                "client_recent_max_input_buffer:0",
                "client_recent_max_output_buffer:0",
                "blocked_clients:0",
                "tracking_clients:0",
                "clients_in_timeout_table:0");
    }

    /** used_memory is what the server holds: Java heap in use plus the store's data (off-heap with the persistent store). */
    private List<String> memory(StoreStats stats) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long used = heap.getUsed() + stats.usedBytes();
        runtime.observeUsedMemory(used);
        long rss = residentSetBytes();
        long maxMemory = runtime.config().maxMemoryBytes();
        long peak = Math.max(runtime.usedMemoryPeakBytes(), used);
        return List.of(
                "used_memory:" + used,
                "used_memory_human:" + MemoryUnits.human(used),
                "used_memory_rss:" + rss,
                "used_memory_rss_human:" + MemoryUnits.human(rss),
                "used_memory_peak:" + peak,
                "used_memory_peak_human:" + MemoryUnits.human(peak),
                "used_memory_dataset:" + stats.usedBytes(),
                "total_system_memory:0",
                "maxmemory:" + maxMemory,
                "maxmemory_human:" + MemoryUnits.human(maxMemory),
                "maxmemory_policy:noeviction",
                "mem_fragmentation_ratio:" + String.format(Locale.ROOT, "%.2f", used == 0 ? 0.0 : (double) rss / used),
                "mem_allocator:jvm");
    }

    private List<String> persistence(StoreStats stats) {
        long lastFsyncSeconds = stats.lastFsyncEpochMs() / 1000;
        return List.of(
                "loading:0",
                "async_loading:0",
                "rdb_changes_since_last_save:0",
                "rdb_bgsave_in_progress:0",
                "rdb_last_save_time:" + (lastFsyncSeconds > 0 ? lastFsyncSeconds : runtime.startedAtMs() / 1000),
                "rdb_last_bgsave_status:ok",
                "aof_enabled:1",
                "aof_rewrite_in_progress:0",
                "aof_rewrite_scheduled:0",
                "aof_last_write_status:" + (stats.fsyncErrors() == 0 ? "ok" : "err"),
                "aof_current_size:" + stats.logBytes(),
                "appendfsync:" + runtime.config().appendFsync().redisName(),
                "aof_last_fsync_time:" + lastFsyncSeconds,
                "aof_fsync_errors:" + stats.fsyncErrors());
    }

    private List<String> stats(StoreStats stats) {
        ServerMetrics m = runtime.metrics();
        return List.of(
                "total_connections_received:" + m.connectionsReceived.sum(),
                "total_commands_processed:" + m.commandsProcessed.sum(),
                "instantaneous_ops_per_sec:" + m.instantaneousOpsPerSec(),
                "total_net_input_bytes:" + m.netInputBytes.sum(),
                "total_net_output_bytes:" + m.netOutputBytes.sum(),
                "rejected_connections:" + m.rejectedConnections.sum(),
                "expired_keys:" + stats.expiredKeys(),
                "evicted_keys:0",
                "keyspace_hits:" + m.keyspaceHits.sum(),
                "keyspace_misses:" + m.keyspaceMisses.sum(),
                "pubsub_channels:0",
                "pubsub_patterns:0",
                "total_error_replies:" + m.errorReplies.sum());
    }

    private List<String> cpu() {
        long[] ticks = cpuTicks();
        return List.of(
                "used_cpu_sys:" + seconds(ticks[1]),
                "used_cpu_user:" + seconds(ticks[0]),
                "used_cpu_sys_children:0.000000",
                "used_cpu_user_children:0.000000");
    }

    private List<String> coterie(StoreStats stats) {
        return List.of(
                "coterie_version:" + ServerInfo.coterieVersion(),
                "store_keys:" + stats.keys(),
                "store_capacity_keys:" + stats.capacityKeys(),
                "store_used_bytes:" + stats.usedBytes(),
                "commit_log_bytes:" + stats.logBytes(),
                "max_keys:" + runtime.config().maxKeys(),
                "cluster_port:" + runtime.config().clusterPort(),
                "active_expire_runs:" + runtime.metrics().activeExpiryRuns.sum());
    }

    private static String seconds(long ticks) {
        return String.format(Locale.ROOT, "%.6f", (double) ticks / CLOCK_TICKS_PER_SECOND);
    }

    /** {user, system} clock ticks from /proc/self/stat; on other systems the JVM's total CPU time as user. */
    private static long[] cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                return new long[] {sun.getProcessCpuTime() / (1_000_000_000L / CLOCK_TICKS_PER_SECOND), 0};
            }
            return new long[] {0, 0};
        }
    }

    private static long residentSetBytes() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(f[1]) * PAGE_BYTES;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().totalMemory();
        }
    }
}
