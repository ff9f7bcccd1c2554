package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.Clients;
import io.coterie.compat.harness.OneServerPerClass;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many threads through one Jedis pool and one shared Lettuce connection: no lost or crossed replies. */
class ConcurrentClientsIT extends OneServerPerClass {

    private static final int THREADS = 8;
    private static final int OPS_PER_THREAD = 250;

    @Test
    void jedisPoolSharedByThreads() throws Exception {
        try (redis.clients.jedis.RedisClient jedis = Clients.jedis(server)) {
            runThreads(thread -> {
                for (int i = 0; i < OPS_PER_THREAD; i++) {
                    jedis.incr("jedis:counter");
                    String key = "jedis:" + thread + ":" + i;
                    jedis.set(key, key);
                    assertEquals(key, jedis.get(key));
                }
            });
            assertEquals(Integer.toString(THREADS * OPS_PER_THREAD), jedis.get("jedis:counter"));
            assertEquals(THREADS * OPS_PER_THREAD + 1, jedis.dbSize());
        }
    }

    @Test
    void lettuceConnectionSharedByThreads() throws Exception {
        RedisClient client = Clients.lettuce(server);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            runThreads(thread -> {
                for (int i = 0; i < OPS_PER_THREAD; i++) {
                    connection.sync().incr("lettuce:counter");
                    String key = "lettuce:" + thread + ":" + i;
                    connection.async().set(key, key);
                    assertEquals(key, connection.sync().get(key), "a reply crossed to another thread");
                }
            });
            assertEquals(Integer.toString(THREADS * OPS_PER_THREAD), connection.sync().get("lettuce:counter"));
        } finally {
            client.shutdown();
        }
    }

    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    private static void runThreads(ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    body.run(thread);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
