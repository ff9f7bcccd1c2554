package io.coterie.sim.history;

import java.util.List;
import java.util.Objects;

/** How an operation ended, as the client saw it. */
public sealed interface Outcome {

    /** A write or delete acknowledged (reached its W). */
    record Ok() implements Outcome {
    }

    /** A read's answer: the sibling values (empty: absent or deleted). */
    record ReadOk(List<String> values) implements Outcome {
        public ReadOk {
            values = List.copyOf(values);
        }
    }

    /**
     * Refused (NOQUORUM, connection refused). A failed write may still have landed on some replicas (SPEC section 2,
     * as in Cassandra), so the checker never requires it to be absent.
     */
    record Fail(String reason) implements Outcome {
        public Fail {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No answer (timeout, the coordinator died): it may or may not have happened. */
    record Unknown(String reason) implements Outcome {
        public Unknown {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
