package io.coterie.compat.faults;

import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * GET/SET, for servers without VGET: a SET overwrites, so only one client writes each key (the {@link Workload} sees to
 * it) and each write passes the context of that client's previous read, which must have seen its previous write.
 */
final class PlainKv implements KvApi {

    private static final byte[] NO_CONTEXT = new byte[0];

    @Override
    public String describe() {
        return "GET/SET (VGET unknown to this server), one writer per key";
    }

    @Override
    public Read read(Jedis jedis, String key) {
        String value = jedis.get(key);
        return new Read(value == null ? List.of() : List.of(value), NO_CONTEXT);
    }

    @Override
    public void write(Jedis jedis, String key, Read seen, String value) {
        String reply = jedis.set(key, value);
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("SET answered " + reply);
        }
    }

    @Override
    public List<String> finalRead(Jedis jedis, String key) {
        return read(jedis, key).values();
    }
}
