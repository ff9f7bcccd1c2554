package io.coterie.compat;

import static io.coterie.compat.harness.Replies.assertError;
import static io.coterie.compat.harness.Replies.assertErrorStartsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.OneServerPerClass;
import io.coterie.compat.harness.RawConnection;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What no client library sends, over a bare socket. Each test ends by checking, from a fresh
 * connection, that the server still answers and the data written before the abuse is intact.
 */
class BadInputIT extends OneServerPerClass {

    private static final String SENTINEL_KEY = "sentinel";
    private static final String SENTINEL_VALUE = "still-here";
    /** The oversized-bulk refusal must come at once, not after waiting for a body never sent. */
    private static final int REFUSAL_TIMEOUT_MILLIS = 3000;

    @Override
    protected List<String> directives() {
        return List.of("--proto-max-bulk-len", "1mb");
    }

    /** A well-behaved client connected throughout each test. */
    private RawConnection bystander;

    @BeforeEach
    void writeSentinel() {
        bystander = raw();
        assertEquals("OK", bystander.call("SET", SENTINEL_KEY, SENTINEL_VALUE));
    }

    @AfterEach
    void serverStillServesTheSameData() {
        try (RawConnection bystanderDuring = bystander; RawConnection fresh = raw()) {
            assertEquals(SENTINEL_VALUE, bystanderDuring.call("GET", SENTINEL_KEY));
            assertEquals("PONG", fresh.call("PING"));
            assertEquals(SENTINEL_VALUE, fresh.call("GET", SENTINEL_KEY));
        }
    }

    @Test
    void malformedFramesGetProtocolErrorThenClose() {
        for (String frame : List.of("*1\r\n$abc\r\n", "*x\r\n", "*2\r\nfoo\r\n", "*3000000000\r\n",
                "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$-5\r\n")) {
            String shown = frame.replace("\r\n", "\\r\\n");
            try (RawConnection c = raw()) {
                c.send(frame);
                assertErrorStartsWith("ERR Protocol error: ", readOrFail(c, shown));
                assertTrue(c.closedByServer(), "connection must close after a protocol error: " + shown);
            }
        }
    }

    private static Object readOrFail(RawConnection c, String sent) {
        try {
            return c.read();
        } catch (UncheckedIOException e) {
            throw new AssertionError("no reply to " + sent + ": " + e.getCause(), e);
        }
    }

    @Test
    void unbalancedInlineQuotesGetProtocolErrorThenClose() {
        try (RawConnection c = raw()) {
            c.send("SET q \"a b\r\n");
            assertError("ERR Protocol error: unbalanced quotes in request", c.read());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void inlineCommandsWork() {
        try (RawConnection c = raw()) {
            c.send("PING\r\nSET inline \"a b\"\r\nGET inline\r\n\r\nEXISTS inline\r\n");
            assertEquals("PONG", c.read());
            assertEquals("OK", c.read());
            assertEquals("a b", c.read());
            assertEquals(1L, c.read());
        }
    }

    @Test
    void bulkOverProtoMaxBulkLenIsRefusedBeforeTheBody() {
        try (RawConnection c = raw()) {
            c.setTimeoutMillis(REFUSAL_TIMEOUT_MILLIS);
            c.send("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$2000000\r\n");
            assertErrorStartsWith("ERR Protocol error: ", readOrFail(c, "a $2000000 header with no body"));
            assertTrue(c.closedByServer());
        }
        try (RawConnection c = raw()) {
            assertEquals(0L, c.call("EXISTS", "big"));
            String underLimit = "x".repeat(512 * 1024);
            assertEquals("OK", c.call("SET", "big", underLimit), "a bulk under the limit is fine");
            assertEquals((long) underLimit.length(), c.call("STRLEN", "big"));
        }
    }

    @Test
    void wrongArityKeepsTheConnection() {
        try (RawConnection c = raw()) {
            assertError("ERR wrong number of arguments for 'get' command", c.call("GET"));
            assertError("ERR wrong number of arguments for 'set' command", c.call("SET", "k"));
            assertError("ERR wrong number of arguments for 'incrby' command", c.call("INCRBY", "k"));
            assertError("ERR wrong number of arguments for 'mset' command", c.call("MSET", "a", "1", "b"));
            assertEquals("PONG", c.call("PING"));
        }
    }

    @Test
    void badIncrementsLeaveValuesAlone() {
        try (RawConnection c = raw()) {
            c.call("SET", "n", "10");
            assertError("ERR value is not an integer or out of range", c.call("INCRBY", "n", "ten"));
            assertError("ERR value is not an integer or out of range", c.call("INCRBY", "n", "1.5"));
            assertError("ERR value is not an integer or out of range", c.call("INCRBY", "n", "99999999999999999999"));
            c.call("SET", "max", "9223372036854775807");
            assertError("ERR increment or decrement would overflow", c.call("INCR", "max"));
            assertError("ERR increment or decrement would overflow", c.call("INCRBY", "n", "9223372036854775807"));
            assertEquals("10", c.call("GET", "n"));
            assertEquals("9223372036854775807", c.call("GET", "max"));
        }
    }

    @Test
    void unknownCommandIsNamedAsRedisDoes() {
        try (RawConnection c = raw()) {
            assertError("ERR unknown command 'foo', with args beginning with: 'a' ", c.call("foo", "a"));
            assertError("ERR unknown command 'FLURB', with args beginning with: 'x' 'y' ", c.call("FLURB", "x", "y"));
            assertEquals("PONG", c.call("PING"));
        }
    }
}
