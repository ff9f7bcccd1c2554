package io.coterie.compat;

import static io.coterie.compat.harness.Replies.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.Clients;
import io.coterie.compat.harness.OneServerPerClass;
import io.coterie.compat.harness.RawConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;

/** A server with requirepass: nothing before AUTH, WRONGPASS for a bad password, clients configured with it work. */
class AuthIT extends OneServerPerClass {

    private static final String PASSWORD = "s3cret-compat";
    private static final String NOAUTH = "NOAUTH Authentication required.";
    private static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

    @Override
    protected List<String> directives() {
        return List.of("--requirepass", PASSWORD);
    }

    @Override
    protected String password() {
        return PASSWORD;
    }

    @Test
    void nothingWorksBeforeAuth() {
        try (RawConnection c = raw()) {
            assertError(NOAUTH, c.call("GET", "k"));
            assertError(NOAUTH, c.call("SET", "k", "v"));
            assertError(NOAUTH, c.call("PING"));
            assertError(WRONGPASS, c.call("AUTH", "wrong"));
            assertError(WRONGPASS, c.call("AUTH", "default", "wrong"));
            assertError(NOAUTH, c.call("GET", "k"));
            assertEquals("OK", c.call("AUTH", PASSWORD));
            assertEquals("PONG", c.call("PING"));
            assertEquals("OK", c.call("SET", "k", "v"));
            assertEquals("v", c.call("GET", "k"));
        }
        try (RawConnection c = raw()) {
            assertEquals("OK", c.call("AUTH", "default", PASSWORD), "the two-argument form names the default user");
            assertEquals("v", c.call("GET", "k"));
        }
    }

    @Test
    void helloCanAuthenticate() {
        try (RawConnection c = raw()) {
            assertError(WRONGPASS, c.call("HELLO", "2", "AUTH", "default", "wrong"));
            Object reply = c.call("HELLO", "2", "AUTH", "default", PASSWORD);
            assertTrue(reply instanceof List<?> fields && fields.contains("proto"), "HELLO 2 AUTH: " + reply);
            assertEquals("PONG", c.call("PING"));
        }
    }

    @Test
    void jedisWithPassword() {
        try (redis.clients.jedis.RedisClient jedis = Clients.jedis(server, PASSWORD)) {
            assertEquals("OK", jedis.set("jedis", "in"));
            assertEquals("in", jedis.get("jedis"));
        }
        try (redis.clients.jedis.RedisClient jedis = Clients.jedis(server)) {
            JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.get("jedis"));
            assertEquals(NOAUTH, e.getMessage());
        }
        try (redis.clients.jedis.RedisClient jedis = Clients.jedis(server, "wrong")) {
            JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.get("jedis"));
            assertEquals(WRONGPASS, e.getMessage());
        }
    }

    @Test
    void lettuceWithPassword() {
        RedisClient client = Clients.lettuce(server, PASSWORD);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertEquals("OK", connection.sync().set("lettuce", "in"));
            assertEquals("in", connection.sync().get("lettuce"));
        } finally {
            client.shutdown();
        }
        RedisClient wrong = Clients.lettuce(server, "wrong");
        try {
            assertThrows(RedisConnectionException.class, wrong::connect);
        } finally {
            wrong.shutdown();
        }
    }
}
