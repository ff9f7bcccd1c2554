package io.coterie.sim.toykv;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A client command to the toy store (VSET, VDEL, VGET with a read level), and its reply. */
sealed interface ToyRequest {

    String key();

    /** VSET (value present) or VDEL (value empty) superseding {@code context}. */
    record Put(String key, Optional<String> value, Set<Dot> context) implements ToyRequest {
        public Put {
            Objects.requireNonNull(key);
            Objects.requireNonNull(value);
            context = Set.copyOf(context);
        }
    }

    /** VGET, answered once {@code replies} replicas (R) have answered. */
    record Get(String key, int replies) implements ToyRequest {
        public Get {
            Objects.requireNonNull(key);
        }
    }

    sealed interface Reply {
    }

    record Written() implements Reply {
    }

    record Values(List<String> values, Set<Dot> context) implements Reply {
        public Values {
            values = List.copyOf(values);
            context = Set.copyOf(context);
        }
    }

    record Failed(String reason) implements Reply {
    }
}
