package io.coterie.compat;

import static io.coterie.compat.harness.Replies.assertError;
import static io.coterie.compat.harness.Replies.assertErrorStartsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.OneServerPerClass;
import io.coterie.compat.harness.RawConnection;
import io.coterie.compat.harness.RespError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connection and server commands, byte-exact over a raw socket (no client library in between). */
class ConnectionCommandsIT extends OneServerPerClass {

    /** Every top-level command of SPEC section 3's connection/server and strings/keys lists. */
    private static final List<String> SPEC_COMMANDS = List.of(
            "ping", "echo", "quit", "select", "auth", "hello", "client", "command", "info", "config",
            "dbsize", "flushall", "flushdb", "time", "debug",
            "get", "set", "setnx", "setex", "psetex", "getset", "getdel", "getex", "mget", "mset", "msetnx",
            "append", "strlen", "getrange", "setrange", "incr", "decr", "incrby", "decrby", "incrbyfloat",
            "del", "unlink", "exists", "type", "expire", "pexpire", "expireat", "pexpireat", "expiretime",
            "pexpiretime", "ttl", "pttl", "persist", "keys", "scan", "randomkey", "rename", "renamenx", "touch");

    @Test
    void pingAndEcho() {
        try (RawConnection c = raw()) {
            assertEquals("PONG", c.call("PING"));
            assertEquals("hello", c.call("PING", "hello"));
            assertEquals("bin\u00e4ry value", c.call("ECHO", "bin\u00e4ry value"));
            assertError("ERR wrong number of arguments for 'echo' command", c.call("ECHO"));
            assertError("ERR wrong number of arguments for 'ping' command", c.call("PING", "a", "b"));
        }
    }

    @Test
    void quitAnswersOkThenCloses() {
        try (RawConnection c = raw()) {
            assertEquals("OK", c.call("QUIT"));
            assertTrue(c.closedByServer(), "server must close the connection after QUIT");
        }
    }

    @Test
    void selectZeroOnly() {
        try (RawConnection c = raw()) {
            assertEquals("OK", c.call("SELECT", "0"));
            assertError("ERR value is not an integer or out of range", c.call("SELECT", "zero"));
            assertError("ERR DB index is out of range", c.call("SELECT", "99"));
        }
    }

    @Test
    void authWithoutConfiguredPassword() {
        try (RawConnection c = raw()) {
            assertError("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?", c.call("AUTH", "secret"));
            assertEquals("PONG", c.call("PING"));
        }
    }

    @Test
    void hello2AnswersServerFieldsInResp2() {
        try (RawConnection c = raw()) {
            Map<String, Object> fields = pairs(c.call("HELLO", "2"));
            assertEquals(2L, fields.get("proto"));
            assertTrue(fields.containsKey("server"), "HELLO must name the server: " + fields);
            assertTrue(fields.containsKey("version"), "HELLO must give a version: " + fields);
            assertInstanceOf(Long.class, fields.get("id"));
            assertEquals("PONG", c.call("PING"));
        }
    }

    @Test
    void hello3IsRefusedWithNoprotoOnCoterieSoClientsFallBack() {
        try (RawConnection c = raw()) {
            c.send(RawConnection.encode("HELLO", "3"));
            String first = c.readRawLine();
            if (target.isCoterie()) {
                // SPEC section 3: RESP2 only until RESP3 is done; clients fall back on -NOPROTO.
                assertTrue(first.startsWith("-NOPROTO"), "expected -NOPROTO, got " + first);
                assertEquals("PONG", c.call("PING"), "connection stays usable in RESP2");
            } else {
                assertTrue(first.startsWith("%"), "Redis 7 answers HELLO 3 with a RESP3 map, got " + first);
            }
        }
    }

    @Test
    void clientNameIdInfoAndList() {
        try (RawConnection c = raw(); RawConnection other = raw()) {
            assertEquals(null, c.call("CLIENT", "GETNAME"));
            assertEquals("OK", c.call("CLIENT", "SETNAME", "compat-conn"));
            assertEquals("compat-conn", c.call("CLIENT", "GETNAME"));
            assertError("ERR wrong number of arguments for 'client|setname' command",
                    c.call("CLIENT", "SETNAME", "a", "b"));
            long id = assertInstanceOf(Long.class, c.call("CLIENT", "ID"));
            long otherId = assertInstanceOf(Long.class, other.call("CLIENT", "ID"));
            assertNotEquals(id, otherId, "each connection has its own id");

            String info = assertInstanceOf(String.class, c.call("CLIENT", "INFO"));
            assertTrue(info.contains("id=" + id + " "), info);
            assertTrue(info.contains("name=compat-conn "), info);

            String list = assertInstanceOf(String.class, c.call("CLIENT", "LIST"));
            assertTrue(list.lines().anyMatch(l -> l.startsWith("id=" + id + " ") && l.contains("name=compat-conn ")), list);
            assertTrue(list.lines().anyMatch(l -> l.startsWith("id=" + otherId + " ")), list);
            assertErrorStartsWith("ERR unknown subcommand 'NOSUCH'", c.call("CLIENT", "NOSUCH"));
        }
    }

    @Test
    void clientSetinfo() {
        try (RawConnection c = raw()) {
            Object reply = c.call("CLIENT", "SETINFO", "lib-name", "compat");
            if (target.isCoterie()) {
                assertEquals("OK", reply);
                assertEquals("OK", c.call("CLIENT", "SETINFO", "lib-ver", "1.0"));
                String info = assertInstanceOf(String.class, c.call("CLIENT", "INFO"));
                assertTrue(info.contains("lib-name=compat") && info.contains("lib-ver=1.0"), info);
            } else {
                // Redis 7.0.15 predates CLIENT SETINFO (7.2); clients tolerate this error.
                assertError("ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.", reply);
            }
        }
    }

    @Test
    void commandCountInfoAndDocs() {
        try (RawConnection c = raw()) {
            long count = assertInstanceOf(Long.class, c.call("COMMAND", "COUNT"));
            assertTrue(count >= SPEC_COMMANDS.size(), "COMMAND COUNT " + count + " < " + SPEC_COMMANDS.size());

            List<?> infos = assertInstanceOf(List.class, c.call(concat("COMMAND", "INFO", SPEC_COMMANDS)));
            assertEquals(SPEC_COMMANDS.size(), infos.size());
            for (int i = 0; i < SPEC_COMMANDS.size(); i++) {
                List<?> info = assertInstanceOf(List.class, infos.get(i), "COMMAND INFO " + SPEC_COMMANDS.get(i));
                assertEquals(SPEC_COMMANDS.get(i), info.get(0));
            }
            List<?> get = (List<?>) infos.get(SPEC_COMMANDS.indexOf("get"));
            assertEquals(List.of("get", 2L), get.subList(0, 2));
            assertTrue(((List<?>) get.get(2)).contains("readonly"), "GET flags: " + get.get(2));
            assertEquals(List.of(1L, 1L, 1L), get.subList(3, 6), "GET key positions");
            List<?> mset = (List<?>) infos.get(SPEC_COMMANDS.indexOf("mset"));
            assertEquals(List.of("mset", -3L), mset.subList(0, 2));
            assertEquals(List.of(1L, -1L, 2L), mset.subList(3, 6), "MSET key positions");

            List<?> unknown = assertInstanceOf(List.class, c.call("COMMAND", "INFO", "nosuchcommand"));
            assertEquals(java.util.Collections.singletonList(null), unknown);

            Map<String, Object> docs = pairs(c.call("COMMAND", "DOCS", "get"));
            Map<String, Object> getDocs = pairs(docs.get("get"));
            assertEquals("string", getDocs.get("group"));
            assertInstanceOf(String.class, getDocs.get("summary"));
        }
    }

    @Test
    void infoSections() {
        try (RawConnection c = raw()) {
            c.call("SET", "a", "1");
            c.call("SET", "b", "2");
            c.call("SET", "c", "3", "EX", "100");
            String all = info(c);
            for (String section : List.of("# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Keyspace")) {
                assertTrue(all.contains(section + "\r\n"), "INFO lacks " + section + ":\n" + all);
            }
            String serverInfo = info(c, "server");
            assertTrue(serverInfo.startsWith("# Server\r\n"), serverInfo);
            assertTrue(serverInfo.contains("\r\nredis_version:"), "clients parse redis_version:\n" + serverInfo);
            assertTrue(serverInfo.contains("\r\ntcp_port:" + server.port() + "\r\n"), serverInfo);
            assertContains("\r\nconnected_clients:", info(c, "clients"));
            assertContains("\r\nused_memory:", info(c, "memory"));
            assertContains("# Cluster\r\n", info(c, "cluster"));
            assertContains("\r\ntotal_commands_processed:", info(c, "stats"));
            assertContains("\r\ndb0:keys=3,expires=1,", info(c, "keyspace"));
        }
    }

    private static String info(RawConnection c, String... section) {
        String[] command = new String[section.length + 1];
        command[0] = "INFO";
        System.arraycopy(section, 0, command, 1, section.length);
        Object reply = c.call(command);
        return assertInstanceOf(String.class, reply, () -> String.join(" ", command) + " answered " + reply);
    }

    private static void assertContains(String expected, String text) {
        assertTrue(text.contains(expected), "expected " + expected.strip() + " in:\n" + text);
    }

    @Test
    void configGetAndSet() {
        try (RawConnection c = raw()) {
            assertEquals(List.of("port", Integer.toString(server.port())), c.call("CONFIG", "GET", "port"));
            assertEquals(List.of(), c.call("CONFIG", "GET", "nosuchparameter"));
            assertEquals("OK", c.call("CONFIG", "SET", "maxmemory", "100mb"));
            assertEquals(List.of("maxmemory", "104857600"), c.call("CONFIG", "GET", "maxmemory"));
            assertEquals("OK", c.call("CONFIG", "SET", "maxmemory", "0"));
            assertEquals(List.of("maxmemory", "0"), c.call("CONFIG", "GET", "maxmemory"));
            assertEquals(List.of("appendfsync", "everysec"), c.call("CONFIG", "GET", "appendfsync"));
            assertEquals(List.of("proto-max-bulk-len", "536870912"), c.call("CONFIG", "GET", "proto-max-bulk-len"));
            assertError("ERR Unknown option or number of arguments for CONFIG SET - 'nosuchparameter'",
                    c.call("CONFIG", "SET", "nosuchparameter", "1"));
            assertErrorStartsWith("ERR CONFIG SET failed (possibly related to argument 'appendfsync')",
                    c.call("CONFIG", "SET", "appendfsync", "sometimes"));
        }
    }

    @Test
    void dbsizeFlushdbFlushall() {
        try (RawConnection c = raw()) {
            assertEquals(0L, c.call("DBSIZE"));
            assertEquals("OK", c.call("MSET", "a", "1", "b", "2", "c", "3"));
            assertEquals(3L, c.call("DBSIZE"));
            assertEquals("OK", c.call("FLUSHDB"));
            assertEquals(0L, c.call("DBSIZE"));
            assertEquals("OK", c.call("MSET", "a", "1", "b", "2"));
            assertEquals("OK", c.call("FLUSHALL"));
            assertEquals(0L, c.call("DBSIZE"));
            assertEquals(null, c.call("GET", "a"));
        }
    }

    @Test
    void timeIsNow() {
        try (RawConnection c = raw()) {
            List<?> time = assertInstanceOf(List.class, c.call("TIME"));
            long seconds = Long.parseLong((String) time.get(0));
            long micros = Long.parseLong((String) time.get(1));
            assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) <= 2, "TIME " + time);
            assertTrue(micros >= 0 && micros < 1_000_000, "TIME " + time);
        }
    }

    @Test
    void debugSleepZero() {
        try (RawConnection c = raw()) {
            assertEquals("OK", c.call("DEBUG", "SLEEP", "0"));
        }
    }

    @Test
    void unknownCommandTextIsRedisExact() {
        try (RawConnection c = raw()) {
            assertError("ERR unknown command 'foo', with args beginning with: 'a' ", c.call("foo", "a"));
            assertError("ERR unknown command 'foo', with args beginning with: 'a' 'b' ", c.call("foo", "a", "b"));
            assertError("ERR unknown command 'foo', with args beginning with: ", c.call("foo"));
            assertEquals("PONG", c.call("PING"));
        }
    }

    private static String[] concat(String first, String second, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first, second));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    /** A RESP2 flat [k1, v1, k2, v2, ...] array (HELLO, COMMAND DOCS) as a map. */
    private static Map<String, Object> pairs(Object reply) {
        if (reply instanceof RespError error) {
            throw new AssertionError("expected a key/value array, got -" + error.message());
        }
        List<?> flat = assertInstanceOf(List.class, reply);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put((String) flat.get(i), flat.get(i + 1));
        }
        return map;
    }
}
