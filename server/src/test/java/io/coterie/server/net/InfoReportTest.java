package io.coterie.server.net;

import static io.coterie.server.net.PipelineFixture.exchange;
import static io.coterie.server.net.PipelineFixture.resp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.server.command.server.InfoReport;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Record;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoReportTest {

    private final InMemoryStore store = new InMemoryStore();
    private final PipelineFixture fx = new PipelineFixture(store, List.of());
    private final InfoReport info = new InfoReport(fx.runtime);

    /** Parses INFO as Lettuce and redis-cli do: "# Section" headers, "key:value" lines, CRLF. */
    private static Map<String, String> fields(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\r\n", -1)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            m.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return m;
    }

    @Test
    void defaultHasEverySectionWithRedisLayout() {
        String text = info.render(List.of());
        assertFalse(text.replace("\r\n", "").contains("\n"), "every line ends in CRLF");
        for (String section : List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "Cpu",
                "Cluster", "Keyspace", "Coterie")) {
            assertTrue(text.contains("# " + section + "\r\n"), section);
        }
        assertTrue(text.startsWith("# Server\r\nredis_version:7.0.15\r\n"), text);
        assertTrue(text.contains("\r\n\r\n# Clients\r\n"), "a blank line separates sections");
        Map<String, String> f = fields(text);
        assertTrue(f.get("redis_version").matches("\\d+\\.\\d+\\.\\d+"));
        for (String key : List.of("redis_mode", "os", "arch_bits", "process_id", "tcp_port", "uptime_in_seconds",
                "uptime_in_days", "hz", "executable", "config_file", "coterie_version", "connected_clients", "maxclients",
                "blocked_clients", "used_memory", "used_memory_human", "used_memory_rss", "used_memory_peak", "maxmemory",
                "maxmemory_human", "maxmemory_policy", "mem_fragmentation_ratio", "loading", "aof_enabled", "appendfsync",
                "rdb_changes_since_last_save", "rdb_last_save_time", "aof_last_write_status",
                "total_connections_received", "total_commands_processed", "instantaneous_ops_per_sec", "keyspace_hits",
                "keyspace_misses", "expired_keys", "evicted_keys", "rejected_connections", "total_net_input_bytes",
                "total_net_output_bytes", "role", "connected_slaves", "master_repl_offset", "used_cpu_sys",
                "used_cpu_user")) {
            assertTrue(f.containsKey(key), key + " missing");
        }
        assertEquals("standalone", f.get("redis_mode"));
        assertEquals("master", f.get("role"));
        assertEquals("0", f.get("master_repl_offset"));
        assertEquals("noeviction", f.get("maxmemory_policy"));
        assertEquals("everysec", f.get("appendfsync"));
        assertFalse(f.keySet().stream().anyMatch(k -> k.startsWith("db")), "keyspace lists nothing while empty");
    }

    @Test
    void sectionsOnRequestAndKeyspaceWhenNotEmpty() {
        store.put("a".getBytes(StandardCharsets.UTF_8), Record.of(new byte[1]));
        store.put("b".getBytes(StandardCharsets.UTF_8), Record.of(new byte[1], Long.MAX_VALUE / 2));
        String text = info.render(List.of("keyspace", "CLIENTS"));
        assertEquals("# Clients\r\n", text.substring(0, 11));
        assertTrue(text.endsWith("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n"), text);
        assertFalse(text.contains("# Server"));
        assertEquals(info.render(List.of()).split("\r\n").length, info.render(List.of("everything")).split("\r\n").length);
    }

    @Test
    void statsCountConnectionsCommandsAndHits() {
        EmbeddedChannel ch = fx.connect();
        exchange(ch, resp("ping") + resp("ping"));
        fx.runtime.metrics().keyspaceHits.increment();
        Map<String, String> f = fields(info.render(List.of("stats", "clients")));
        assertEquals("1", f.get("total_connections_received"));
        assertEquals("2", f.get("total_commands_processed"));
        assertEquals("1", f.get("keyspace_hits"));
        assertEquals("1", f.get("connected_clients"));
        String viaCommand = exchange(ch, resp("info", "server"));
        assertTrue(viaCommand.startsWith("$") && viaCommand.contains("# Server\r\nredis_version:7.0.15\r\n"));
    }
}
