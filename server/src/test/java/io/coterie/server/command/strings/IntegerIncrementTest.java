package io.coterie.server.command.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.keys.KeyCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntegerIncrementTest {

    private final TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());

    private String run(String... words) {
        return ctx.call(words).toString();
    }

    @Test
    void incrDecrFamily() {
        assertEquals(":1", run("INCR", "n"));
        assertEquals(":11", run("INCRBY", "n", "10"));
        assertEquals(":10", run("DECR", "n"));
        assertEquals(":-5", run("DECRBY", "n", "15"));
        assertEquals(":-2", run("INCRBY", "n", "3"));
        assertEquals("\"-2\"", run("GET", "n"));
        assertEquals(":-1", run("DECRBY", "missing", "1"));
    }

    @Test
    void overflowAtTheEdges() {
        run("SET", "n", "9223372036854775807");
        assertEquals("-ERR increment or decrement would overflow", run("INCR", "n"));
        assertEquals("-ERR increment or decrement would overflow", run("INCRBY", "n", "1"));
        assertEquals(":9223372036854775806", run("DECR", "n"));
        run("SET", "n", "-9223372036854775808");
        assertEquals("-ERR increment or decrement would overflow", run("DECR", "n"));
        assertEquals("-ERR increment or decrement would overflow", run("INCRBY", "n", "-1"));
        assertEquals(":-1", run("INCRBY", "n", "9223372036854775807"));
        assertEquals("-ERR decrement would overflow", run("DECRBY", "n", "-9223372036854775808"));
        assertEquals(":-9223372036854775808", run("INCRBY", "n", "-9223372036854775807"));
        assertEquals("\"-9223372036854775808\"", run("GET", "n"), "failed increments wrote nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", " 1", "1 ", "+1", "01", "1.0", "-0", "", "9223372036854775808", "0x10"})
    void storedValueMustBeAStrictInteger(String stored) {
        run("SET", "n", stored);
        assertEquals("-ERR value is not an integer or out of range", run("INCR", "n"));
        assertEquals("-ERR value is not an integer or out of range", run("DECRBY", "n", "1"));
    }

    @Test
    void incrementArgumentMustBeAnInteger() {
        assertEquals("-ERR value is not an integer or out of range", run("INCRBY", "n", "abc"));
        assertEquals("-ERR value is not an integer or out of range", run("DECRBY", "n", "1.5"));
        assertEquals("-ERR value is not an integer or out of range", run("INCRBY", "n", "9223372036854775808"));
        assertEquals(":0", run("EXISTS", "n"));
    }

    @Test
    void keepsTheTtlAndCountsNoKeyspaceReads() {
        run("SET", "n", "5", "EX", "100");
        assertEquals(":6", run("INCR", "n"));
        assertEquals(":100", run("TTL", "n"));
        assertEquals(1, ctx.hits(), "only TTL counted");
    }

    @Test
    void anExpiredCounterStartsAgainFromZero() {
        run("SET", "n", "41", "PX", "10");
        ctx.advance(10);
        assertEquals(":1", run("INCR", "n"));
        assertEquals(":-1", run("TTL", "n"));
    }

    @Test
    void concurrentIncrementsAreAtomic() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean byTwo = t % 2 == 0;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        ctx.call(byTwo ? new String[] {"INCRBY", "counter", "2"} : new String[] {"INCR", "counter"});
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("\"" + (threads / 2) * perThread * 3 + "\"", run("GET", "counter"));
    }
}
