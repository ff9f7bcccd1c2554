package io.coterie.server.net;

import static io.coterie.server.net.PipelineFixture.exchange;
import static io.coterie.server.net.PipelineFixture.resp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Record;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server commands through the whole pipeline. */
class ServerCommandsTest {

    private final InMemoryStore store = new InMemoryStore();
    private final PipelineFixture fx = new PipelineFixture(store, List.of());
    private final EmbeddedChannel ch = fx.connect();

    private String run(String... argv) {
        return exchange(ch, resp(argv));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void configGetAnswersWhatRedisBenchmarkAsks() {
        assertEquals("*2\r\n$4\r\nsave\r\n$0\r\n\r\n", run("config", "get", "save"));
        assertEquals("*2\r\n$10\r\nappendonly\r\n$3\r\nyes\r\n", run("CONFIG", "GET", "appendonly"));
    }

    @Test
    void configGetGlobsManyPatternsEachDirectiveOnce() {
        assertEquals("*4\r\n$4\r\nport\r\n$4\r\n6379\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n",
                run("config", "get", "port", "maxmem*", "PORT"));
        assertEquals("*0\r\n", run("config", "get", "nothing-like-this"));
        assertEquals("-ERR wrong number of arguments for 'config|get' command\r\n", run("config", "get"));
        String all = run("config", "get", "*");
        assertTrue(all.contains("$19\r\nhint-window-seconds\r\n") && all.contains("$4\r\nrack\r\n"), all);
    }

    @Test
    void configSetChangesLiveValuesWithRedisErrors() {
        assertEquals("+OK\r\n", run("config", "set", "maxmemory", "1gb", "loglevel", "warning"));
        assertEquals("*2\r\n$9\r\nmaxmemory\r\n$10\r\n1073741824\r\n", run("config", "get", "maxmemory"));
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config\r\n",
                run("config", "set", "port", "1"));
        assertEquals("-ERR Unknown option or number of arguments for CONFIG SET - 'x'\r\n", run("config", "set", "x", "1"));
        assertEquals("-ERR wrong number of arguments for 'config|set' command\r\n", run("config", "set", "maxmemory"));
        assertEquals("-ERR The server is running without a config file\r\n", run("config", "rewrite"));
        assertEquals("+OK\r\n", run("config", "resetstat"));
    }

    @Test
    void dbsizeFlushAndTime() {
        store.put(b("a"), Record.of(b("1")));
        store.put(b("b"), Record.of(b("2")));
        assertEquals(":2\r\n", run("dbsize"));
        assertEquals("-ERR syntax error\r\n", run("flushall", "later"));
        assertEquals("+OK\r\n", run("flushdb", "async"));
        assertEquals(":0\r\n", run("dbsize"));
        assertEquals("+OK\r\n", run("flushall"));
        String time = run("time");
        assertTrue(time.matches("\\*2\r\n\\$10\r\n\\d{10}\r\n\\$\\d\r\n\\d{1,6}\r\n"), time);
    }

    @Test
    void commandIntrospection() {
        int count = fx.runtime.commands().size();
        assertEquals(":" + count + "\r\n", run("command", "count"));
        assertEquals("*1\r\n*10\r\n$4\r\nping\r\n:-1\r\n*1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@connection\r\n"
                + "+@fast\r\n*0\r\n*0\r\n*0\r\n", run("command", "info", "ping"));
        assertEquals("*1\r\n*-1\r\n", run("command", "info", "nosuch"));
        assertEquals("*2\r\n$4\r\necho\r\n*6\r\n$7\r\nsummary\r\n$25\r\nReturns the given string.\r\n$5\r\nsince\r\n"
                + "$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n", run("command", "docs", "echo"));
        assertTrue(run("command").startsWith("*" + count + "\r\n*10\r\n"));
    }

    @Test
    void shutdownRunsTheInstalledActionOnce() {
        assertEquals("-ERR Errors trying to SHUTDOWN. Check logs.\r\n", run("shutdown"));
        int[] calls = {0};
        fx.runtime.onShutdownRequest(() -> calls[0]++);
        assertEquals("-ERR syntax error\r\n", run("shutdown", "later"));
        assertEquals("-ERR No shutdown in progress.\r\n", run("shutdown", "abort"));
        assertEquals(0, calls[0]);
        assertEquals("", run("shutdown", "nosave", "now"), "no reply: the connection closes, as on Redis");
        assertEquals(1, calls[0]);
    }

    @Test
    void debugOtherThanSleepIsAnError() {
        assertEquals("-ERR unknown subcommand 'segfault'. Try DEBUG HELP.\r\n", run("debug", "segfault"));
        assertEquals("+OK\r\n", run("debug", "sleep", "0"));
    }
}
