package io.coterie.ring.quorum;

import java.util.List;
import java.util.Objects;

/** The outcome of offering a hint to the {@link HintBook}. */
public sealed interface HintAdmission {

    /** Kept under {@code hint}; {@code dropped} are older hints evicted to stay within the limits (delete their payloads). */
    record Admitted(HintRef hint, List<HintRef> dropped) implements HintAdmission {
        public Admitted {
            Objects.requireNonNull(hint, "hint");
            dropped = List.copyOf(dropped);
        }
    }

    /** Not kept; the target now needs anti-entropy repair to catch up. */
    record Refused(String reason) implements HintAdmission {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
