package io.coterie.compat;

import static io.coterie.compat.harness.Replies.assertErrorStartsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.RawConnection;
import io.coterie.compat.harness.RespError;
import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A full store answers -OOM and keeps serving what it holds (SPEC section 5). Coterie is capped by
 * --max-keys, Redis by --maxmemory (its noeviction default): the same observable behaviour.
 */
class FullStoreIT {

    private static final int KEYS_MAX = 1000;
    /** Writes stop here: far past the cap, so the cap must have been hit. */
    private static final int WRITES_MAX = 200_000;
    private static final int BATCH = 1000;
    private static final String VALUE = "v".repeat(100);

    private final Target target = Target.current();

    @Test
    void fullStoreAnswersOomAndStillServes() {
        List<String> cap = target.isCoterie()
                ? List.of("--max-keys", Integer.toString(KEYS_MAX))
                : List.of("--maxmemory", "3mb");
        try (ServerProcess server = target.server("FullStore", cap).start(); RawConnection c = new RawConnection(server)) {
            int stored = 0;
            RespError refusal = null;
            for (int from = 0; from < WRITES_MAX && refusal == null; from += BATCH) {
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int i = from; i < from + BATCH; i++) {
                    batch.writeBytes(RawConnection.encode("SET", "full:" + i, VALUE));
                }
                c.send(batch.toByteArray());
                for (int i = 0; i < BATCH; i++) {
                    Object reply = c.read();
                    if ("OK".equals(reply) && refusal == null) {
                        stored++;
                    } else if (reply instanceof RespError error && refusal == null) {
                        refusal = error;
                    }
                }
            }
            assertTrue(refusal != null, "no refusal after " + WRITES_MAX + " writes past the cap");
            assertErrorStartsWith("OOM ", c.call("SET", "one-more", VALUE));
            System.out.printf("full store (%s): %d keys stored, then -%s%n", target, stored, refusal.message());
            assertErrorStartsWith("OOM ", refusal);
            assertTrue(stored > 0, "nothing stored before the cap");
            assertEquals("PONG", c.call("PING"));
            assertEquals(VALUE, c.call("GET", "full:0"));
            assertEquals(VALUE, c.call("GET", "full:" + (stored - 1)));
            assertEquals(1L, c.call("DEL", "full:0"), "deletes still work when full");
        }
    }
}
