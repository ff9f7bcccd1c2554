package io.coterie.compat.faults;

import java.util.List;
import java.util.Objects;
import redis.clients.jedis.Jedis;

/**
 * How the workload reads and writes a register: VGET/VSET with causal contexts once the quorum coordinator is there,
 * GET/SET before. Methods throw Jedis exceptions; the {@link Workload} turns them into outcomes.
 */
interface KvApi {

    /** A read's values (siblings; empty when absent) and the context a following write passes. */
    record Read(List<String> values, byte[] context) {
        public Read {
            values = List.copyOf(values);
            Objects.requireNonNull(context, "context");
        }
    }

    /** One line for the summary. */
    String describe();

    Read read(Jedis jedis, String key);

    /** Writes {@code value} over what {@code seen} saw; throws unless the server acknowledged it. */
    void write(Jedis jedis, String key, Read seen, String value);

    /** The read taken after heal and settle: everything any replica holds. */
    List<String> finalRead(Jedis jedis, String key);
}
