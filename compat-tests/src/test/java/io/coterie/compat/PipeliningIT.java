package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.Clients;
import io.coterie.compat.harness.OneServerPerClass;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/** 10 000 commands in flight on one connection; every reply comes back, in request order. */
class PipeliningIT extends OneServerPerClass {

    private static final int COMMANDS = 10_000;
    private static final Duration AWAIT = Duration.ofSeconds(60);

    @Test
    void jedisPipeline() {
        try (redis.clients.jedis.RedisClient jedis = Clients.jedis(server)) {
            List<Response<Long>> counters = new ArrayList<>();
            List<Response<String>> values = new ArrayList<>();
            try (AbstractPipeline pipeline = jedis.pipelined()) {
                for (int i = 0; i < COMMANDS; i++) {
                    pipeline.set("j:" + i, "v" + i);
                    counters.add(pipeline.incr("j:counter"));
                    values.add(pipeline.get("j:" + i));
                }
                pipeline.sync();
            }
            for (int i = 0; i < COMMANDS; i++) {
                assertEquals(i + 1, counters.get(i).get(), "INCR reply " + i + " out of order");
                assertEquals("v" + i, values.get(i).get());
            }
            assertEquals(COMMANDS + 1, jedis.dbSize());
        }
    }

    @Test
    void lettuceAsyncBatchFlushedAtOnce() throws Exception {
        RedisClient client = Clients.lettuce(server);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> async = connection.async();
            connection.setAutoFlushCommands(false);
            List<RedisFuture<Long>> counters = new ArrayList<>();
            List<RedisFuture<String>> values = new ArrayList<>();
            for (int i = 0; i < COMMANDS; i++) {
                async.set("l:" + i, "v" + i);
                counters.add(async.incr("l:counter"));
                values.add(async.get("l:" + i));
            }
            connection.flushCommands();
            awaitAll(counters);
            awaitAll(values);
            for (int i = 0; i < COMMANDS; i++) {
                assertEquals(i + 1, counters.get(i).get(), "INCR reply " + i + " out of order");
                assertEquals("v" + i, values.get(i).get());
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void lettuceAsyncAutoFlushed() throws Exception {
        RedisClient client = Clients.lettuce(server);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> async = connection.async();
            List<RedisFuture<Long>> counters = new ArrayList<>();
            for (int i = 0; i < COMMANDS; i++) {
                counters.add(async.incrby("auto:counter", 2));
            }
            awaitAll(counters);
            for (int i = 0; i < COMMANDS; i++) {
                assertEquals(2L * (i + 1), counters.get(i).get());
            }
            assertEquals(Long.toString(2L * COMMANDS), connection.sync().get("auto:counter"));
        } finally {
            client.shutdown();
        }
    }

    private static void awaitAll(List<? extends RedisFuture<?>> futures) throws ExecutionException, InterruptedException {
        assertTrue(LettuceFutures.awaitAll(AWAIT, futures.toArray(new java.util.concurrent.Future<?>[0])),
                "replies did not all arrive within " + AWAIT);
    }
}
