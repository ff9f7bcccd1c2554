package io.coterie.compat;

import static io.coterie.compat.harness.Replies.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.OneServerPerClass;
import io.coterie.compat.harness.RawConnection;
import io.coterie.compat.harness.RespError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --maxclients: one connection too many is told so and closed; the others keep working. */
class ClientLimitIT extends OneServerPerClass {

    private static final int MAX_CLIENTS = 3;
    /**
     * The server notices a client's close asynchronously, so a slot freed a moment ago (by the
     * previous test step, or by the FLUSHALL before each test) may take this long to be reusable.
     */
    private static final long SLOT_REUSE_WAIT_MILLIS = 5000;

    @Override
    protected List<String> directives() {
        return List.of("--maxclients", Integer.toString(MAX_CLIENTS));
    }

    @Test
    void connectionOverTheLimitIsRefusedAndClosed() throws InterruptedException {
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CLIENTS; i++) {
                held.add(servedConnection());
            }
            try (RawConnection extra = raw()) {
                extra.send(RawConnection.encode("PING"));
                assertError("ERR max number of clients reached", extra.read());
                assertTrue(extra.closedByServer());
            }
            assertEquals("OK", held.get(0).call("SET", "k", "v"), "held connections keep working");

            held.remove(MAX_CLIENTS - 1).close();
            try (RawConnection reused = servedConnection()) {
                assertEquals("v", reused.call("GET", "k"));
            }
        } finally {
            held.forEach(RawConnection::close);
        }
    }

    /** A connection that answers PING, retrying while the server still counts a just-closed client. */
    private RawConnection servedConnection() throws InterruptedException {
        long deadline = System.currentTimeMillis() + SLOT_REUSE_WAIT_MILLIS;
        Object reply;
        do {
            RawConnection c = raw();
            reply = c.call("PING");
            if ("PONG".equals(reply)) {
                return c;
            }
            c.close();
            if (!(reply instanceof RespError)) {
                throw new AssertionError("PING answered " + reply);
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("no connection slot within " + SLOT_REUSE_WAIT_MILLIS + " ms; last reply " + reply);
    }
}
