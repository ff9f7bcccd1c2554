package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.Clients;
import io.coterie.compat.harness.OneServerPerClass;
import io.coterie.compat.harness.RedisCli;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.command.CommandDetail;
import io.lettuce.core.models.command.CommandDetailParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connection and server commands as the client libraries call and parse them (ConnectionCommandsIT
 * checks the bytes; this checks that Lettuce, Jedis and redis-cli understand the replies).
 */
class ServerCommandsThroughClientsIT extends OneServerPerClass {

    private RedisClient lettuceClient;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> lettuce;
    private redis.clients.jedis.RedisClient jedis;

    @BeforeAll
    void connect() {
        lettuceClient = Clients.lettuce(server);
        connection = lettuceClient.connect();
        lettuce = connection.sync();
        jedis = Clients.jedis(server);
    }

    @AfterAll
    void disconnect() {
        if (lettuceClient != null) {
            lettuceClient.shutdown();
        }
        if (jedis != null) {
            jedis.close();
        }
    }

    @Test
    void pingEchoTimeSelectThroughLettuce() {
        assertEquals("PONG", lettuce.ping());
        assertEquals("echo me", lettuce.echo("echo me"));
        long seconds = Long.parseLong(lettuce.time().get(0));
        assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) <= 2, "TIME " + seconds);
        assertEquals("OK", lettuce.select(0));
    }

    @Test
    void clientCommandsThroughLettuce() {
        assertEquals("OK", lettuce.clientSetname("lettuce-compat"));
        assertEquals("lettuce-compat", lettuce.clientGetname());
        long id = lettuce.clientId();
        assertTrue(lettuce.clientInfo().contains("id=" + id + " "));
        assertTrue(lettuce.clientList().contains("name=lettuce-compat"));
    }

    @Test
    void commandMetadataParsesInLettuce() {
        long count = lettuce.commandCount();
        assertTrue(count >= 54, "COMMAND COUNT " + count + " is below SPEC section 3's 54 commands");
        List<CommandDetail> details = CommandDetailParser.parse(lettuce.commandInfo("get", "set", "mset"));
        assertEquals(3, details.size());
        CommandDetail get = details.get(0);
        assertEquals("get", get.getName());
        assertEquals(2, get.getArity());
        assertEquals(1, get.getFirstKeyPosition());
        assertEquals(1, get.getLastKeyPosition());
        assertEquals(1, get.getKeyStepCount());
        assertTrue(get.getFlags().contains(CommandDetail.Flag.READONLY), "GET flags " + get.getFlags());
        assertTrue(details.get(1).getFlags().contains(CommandDetail.Flag.WRITE), "SET flags " + details.get(1).getFlags());
        assertEquals(-3, details.get(2).getArity());
        assertEquals(-1, details.get(2).getLastKeyPosition());
        assertEquals(2, details.get(2).getKeyStepCount());
    }

    @Test
    void configThroughLettuceAndJedis() {
        Map<String, String> port = lettuce.configGet("port");
        assertEquals(Map.of("port", Integer.toString(server.port())), port);
        assertEquals("OK", jedis.configSet("maxmemory", "50mb"));
        assertEquals(Map.of("maxmemory", "52428800"), lettuce.configGet("maxmemory"));
        assertEquals("OK", lettuce.configSet("maxmemory", "0"));
        assertEquals(Map.of(), lettuce.configGet("no-such-parameter"));
    }

    @Test
    void infoDbsizeAndFlushesThroughJedis() {
        jedis.mset("a", "1", "b", "2");
        assertEquals(2, jedis.dbSize());
        String keyspace = jedis.info("keyspace");
        assertTrue(keyspace.contains("db0:keys=2,"), keyspace);
        assertTrue(jedis.info().contains("# Memory"));
        assertEquals("OK", jedis.flushDB());
        assertEquals(0, jedis.dbSize());
        jedis.set("c", "3");
        assertEquals("OK", jedis.flushAll());
        assertFalse(jedis.exists("c"));
    }

    @Test
    void serverCommandsThroughRedisCli() {
        RedisCli cli = new RedisCli(server);
        assertEquals("PONG", cli.run("PING").trimmed());
        assertEquals("hi there", cli.run("ECHO", "hi there").trimmed());
        assertEquals("OK", cli.run("CLIENT", "SETNAME", "cli").trimmed());
        assertEquals("port\n" + server.port(), cli.run("CONFIG", "GET", "port").trimmed());
        assertEquals("0", cli.run("DBSIZE").trimmed());
        assertTrue(cli.run("INFO", "server").stdout().contains("redis_version:"));
        assertEquals(2, cli.run("TIME").trimmed().lines().count());
        assertEquals("OK", cli.run("DEBUG", "SLEEP", "0").trimmed());
    }
}
