package io.coterie.server.net;

import static io.coterie.server.net.PipelineFixture.exchange;
import static io.coterie.server.net.PipelineFixture.resp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.storage.InMemoryStore;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connection commands through the whole pipeline, compared with Redis 7's replies. */
class ConnectionCommandsTest {

    private final PipelineFixture fx = new PipelineFixture(new InMemoryStore(), List.of());

    private String run(EmbeddedChannel ch, String... argv) {
        return exchange(ch, resp(argv));
    }

    @Test
    void pingEchoSelect() {
        EmbeddedChannel ch = fx.connect();
        assertEquals("+PONG\r\n", run(ch, "PING"));
        assertEquals("$2\r\nhi\r\n", run(ch, "ping", "hi"));
        assertEquals("-ERR wrong number of arguments for 'ping' command\r\n", run(ch, "ping", "a", "b"));
        assertEquals("$3\r\na b\r\n", run(ch, "echo", "a b"));
        assertEquals("+OK\r\n", run(ch, "select", "0"));
        assertEquals("-ERR DB index is out of range\r\n", run(ch, "select", "1"));
        assertEquals("-ERR value is not an integer or out of range\r\n", run(ch, "select", "x"));
    }

    @Test
    void authWithoutPasswordConfigured() {
        EmbeddedChannel ch = fx.connect();
        assertEquals("-ERR AUTH <password> called without any password configured for the default user. "
                + "Are you sure your configuration is correct?\r\n", run(ch, "auth", "x"));
        assertEquals("+OK\r\n", run(ch, "auth", "default", "anything"));
        assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", run(ch, "auth", "bob", "x"));
    }

    @Test
    void authWithPassword() {
        fx.config.set(List.of("requirepass", "s3cret"));
        EmbeddedChannel ch = fx.connect();
        assertEquals("-NOAUTH Authentication required.\r\n", run(ch, "ping"));
        assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", run(ch, "auth", "nope"));
        assertEquals("-ERR syntax error\r\n", run(ch, "auth", "a", "b", "c"));
        assertEquals("+OK\r\n", run(ch, "auth", "s3cret"));
        assertEquals("+PONG\r\n", run(ch, "ping"));
        EmbeddedChannel other = fx.connect();
        assertEquals("+OK\r\n", run(other, "auth", "default", "s3cret"));
    }

    @Test
    void helloFallsBackFromResp3AndDescribesTheServerInResp2() {
        EmbeddedChannel ch = fx.connect();
        assertEquals("-NOPROTO unsupported protocol version\r\n", run(ch, "hello", "3"));
        assertEquals("-ERR Protocol version is not an integer or out of range\r\n", run(ch, "hello", "x"));
        String reply = run(ch, "hello", "2", "setname", "app");
        assertTrue(reply.startsWith("*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                + "$5\r\nproto\r\n:2\r\n$2\r\nid\r\n:"), reply);
        assertTrue(reply.endsWith("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                + "$7\r\nmodules\r\n*0\r\n"), reply);
        assertEquals("$3\r\napp\r\n", run(ch, "client", "getname"));
        assertEquals("-ERR Syntax error in HELLO option 'bogus'\r\n", run(ch, "hello", "2", "bogus"));
    }

    @Test
    void helloAuthenticates() {
        fx.config.set(List.of("requirepass", "pw"));
        EmbeddedChannel ch = fx.connect();
        assertTrue(run(ch, "hello").startsWith("-NOAUTH HELLO must be called with the client already authenticated"));
        assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                run(ch, "hello", "2", "auth", "default", "bad"));
        assertTrue(run(ch, "hello", "2", "auth", "default", "pw").startsWith("*14\r\n"));
        assertEquals("+PONG\r\n", run(ch, "ping"));
    }

    @Test
    void clientSubcommands() {
        EmbeddedChannel ch = fx.connect();
        assertEquals("$-1\r\n", run(ch, "client", "getname"));
        assertEquals("+OK\r\n", run(ch, "client", "setname", "worker-1"));
        assertEquals("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
                run(ch, "client", "setname", "a b"));
        assertEquals("+OK\r\n", run(ch, "client", "setinfo", "lib-name", "jedis"));
        assertEquals("+OK\r\n", run(ch, "client", "setinfo", "LIB-VER", "5.0"));
        assertEquals("+OK\r\n", run(ch, "client", "no-evict", "on"));
        assertEquals("+OK\r\n", run(ch, "client", "no-touch", "off"));
        String id = run(ch, "client", "id");
        assertTrue(id.matches(":\\d+\r\n"), id);
        String info = run(ch, "client", "info");
        assertTrue(info.contains("id=" + id.substring(1, id.length() - 2) + " ") && info.contains("name=worker-1 ")
                && info.contains("lib-name=jedis lib-ver=5.0"), info);
        assertTrue(run(ch, "client", "list").contains("name=worker-1"));
        assertEquals("-ERR unknown subcommand 'MAINT_NOTIFICATIONS'. Try CLIENT HELP.\r\n",
                run(ch, "client", "MAINT_NOTIFICATIONS", "on", "moving-endpoint-type", "none"));
        assertEquals("-ERR wrong number of arguments for 'client|setname' command\r\n", run(ch, "client", "setname"));
        assertEquals("-ERR wrong number of arguments for 'client' command\r\n", run(ch, "client"));
    }

    @Test
    void clientKillById() {
        EmbeddedChannel victim = fx.connect();
        String id = run(victim, "client", "id").replaceAll("[:\r\n]", "");
        EmbeddedChannel killer = fx.connect();
        assertEquals(":1\r\n", run(killer, "client", "kill", "id", id));
        victim.runPendingTasks();
        assertFalse(victim.isOpen());
        assertEquals(":0\r\n", run(killer, "client", "kill", "id", id));
    }
}
