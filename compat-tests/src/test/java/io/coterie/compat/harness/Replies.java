package io.coterie.compat.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Assertions over raw RESP replies. */
public final class Replies {

    private Replies() {
    }

    /** The reply is exactly the error {@code -message}. */
    public static void assertError(String message, Object reply) {
        assertEquals(new RespError(message), reply);
    }

    /** The reply is an error whose text starts with {@code prefix} (e.g. "ERR Protocol error"). */
    public static String assertErrorStartsWith(String prefix, Object reply) {
        RespError error = assertInstanceOf(RespError.class, reply, "expected an error reply");
        if (!error.message().startsWith(prefix)) {
            throw new AssertionError("expected an error starting with '" + prefix + "' but got '" + error.message() + "'");
        }
        return error.message();
    }
}
