package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.Clients;
import io.coterie.compat.harness.OneServerPerClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/** TTLs expire lazily (a read after the deadline sees nothing) and actively (unread keys vanish). */
class ExpiryIT extends OneServerPerClass {

    private static final long SHORT_TTL_MILLIS = 300;
    private static final int ACTIVE_KEYS = 3000;
    private static final int PERSISTENT_KEYS = 100;
    /** Redis removes such keys within about a second; allow a slower but still bounded sweep. */
    private static final Duration ACTIVE_EXPIRY_WAIT_MAX = Duration.ofSeconds(20);

    private RedisClient jedis;

    @BeforeAll
    void connect() {
        jedis = Clients.jedis(server);
    }

    @AfterAll
    void disconnect() {
        if (jedis != null) {
            jedis.close();
        }
    }

    @Test
    void readAfterDeadlineSeesNothing() throws InterruptedException {
        jedis.set("lazy", "v", SetParams.setParams().px(SHORT_TTL_MILLIS));
        jedis.set("lazy2", "v", SetParams.setParams().px(SHORT_TTL_MILLIS));
        jedis.set("lazy3", "v", SetParams.setParams().px(SHORT_TTL_MILLIS));
        assertEquals("v", jedis.get("lazy"), "not expired yet");
        Thread.sleep(SHORT_TTL_MILLIS + 100);
        assertNull(jedis.get("lazy"));
        assertFalse(jedis.exists("lazy2"));
        assertEquals(-2, jedis.ttl("lazy3"));
        assertEquals(0, jedis.strlen("lazy3"));
        assertEquals("none", jedis.type("lazy3"));
        assertEquals(1, jedis.incr("lazy3"), "an expired counter starts again from zero");
        assertEquals(-1, jedis.ttl("lazy3"));
    }

    @Test
    void ttlCountsDown() throws InterruptedException {
        jedis.set("countdown", "v", SetParams.setParams().px(5_000));
        long first = jedis.pttl("countdown");
        Thread.sleep(300);
        long second = jedis.pttl("countdown");
        assertTrue(first <= 5_000 && second < first && second > 4_000, first + " then " + second);
    }

    @Test
    void unreadKeysVanishFromDbsize() throws InterruptedException {
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (int i = 0; i < ACTIVE_KEYS; i++) {
                pipeline.set("short:" + i, "v", SetParams.setParams().px(SHORT_TTL_MILLIS));
            }
            for (int i = 0; i < PERSISTENT_KEYS; i++) {
                pipeline.set("kept:" + i, "v");
            }
            pipeline.sync();
        }
        assertTrue(jedis.dbSize() > PERSISTENT_KEYS, "the short-TTL keys were stored");

        long startNanos = System.nanoTime();
        List<Long> sizes = new ArrayList<>();
        long size = jedis.dbSize();
        while (size != PERSISTENT_KEYS && System.nanoTime() - startNanos < ACTIVE_EXPIRY_WAIT_MAX.toNanos()) {
            Thread.sleep(200);
            size = jedis.dbSize();
            sizes.add(size);
        }
        long waitedMillis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        System.out.printf("active expiry: %d keys of %d ms TTL gone from DBSIZE after %d ms%n",
                ACTIVE_KEYS, SHORT_TTL_MILLIS, waitedMillis);
        assertEquals(PERSISTENT_KEYS, size, "DBSIZE after " + waitedMillis + " ms, last samples "
                + sizes.subList(Math.max(0, sizes.size() - 10), sizes.size()));
        assertEquals(0, jedis.exists("short:0", "short:" + (ACTIVE_KEYS - 1)));
        assertEquals("v", jedis.get("kept:0"));
    }
}
