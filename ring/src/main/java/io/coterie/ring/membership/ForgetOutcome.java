package io.coterie.ring.membership;

import java.util.List;
import java.util.Objects;

/** Result of CLUSTER FORGET: the tombstone and effects to perform, or the reason it was refused (an -ERR reply). */
public sealed interface ForgetOutcome {

    record Forgotten(Tombstone tombstone, List<GossipEffect> effects) implements ForgetOutcome {
        public Forgotten {
            Objects.requireNonNull(tombstone, "tombstone");
            effects = List.copyOf(effects);
        }
    }

    record Refused(String reason) implements ForgetOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
