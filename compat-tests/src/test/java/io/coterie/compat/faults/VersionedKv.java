package io.coterie.compat.faults;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * VGET / VSET at the server's default levels (QUORUM), final reads with {@code CL ALL VGET}: every client may write
 * every key, concurrent writes over one context must survive as siblings, and a write over a context resolves them.
 */
final class VersionedKv implements KvApi {

    private static final ProtocolCommand VGET = command("VGET");
    private static final ProtocolCommand VSET = command("VSET");
    private static final ProtocolCommand CL = command("CL");

    private static ProtocolCommand command(String name) {
        byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
        return () -> raw;
    }

    /** Whether the server knows VGET: an unknown command is an error reply, anything else means it does. */
    static boolean supported(Jedis jedis) {
        try {
            jedis.sendCommand(VGET, "faults:probe");
            return true;
        } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("unknown command")) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public String describe() {
        return "VGET/VSET with contexts at the default levels, final read CL ALL VGET";
    }

    @Override
    public Read read(Jedis jedis, String key) {
        return parse(jedis.sendCommand(VGET, bytes(key)));
    }

    @Override
    public void write(Jedis jedis, String key, Read seen, String value) {
        Object reply = jedis.sendCommand(VSET, bytes(key), seen.context(), bytes(value));
        String text = reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
        if (!"OK".equals(text)) {
            throw new IllegalStateException("VSET answered " + text);
        }
    }

    @Override
    public List<String> finalRead(Jedis jedis, String key) {
        return parse(jedis.sendCommand(CL, bytes("ALL"), bytes("VGET"), bytes(key))).values();
    }

    /** {@code [context, [value, ...]]} (SPEC section 3: an empty array of values when the key is absent). */
    static Read parse(Object reply) {
        if (!(reply instanceof List<?> parts) || parts.size() != 2 || !(parts.get(1) instanceof List<?> siblings)) {
            throw new IllegalStateException("VGET answered " + describe(reply) + ", expected [context, [values]]");
        }
        List<String> values = new ArrayList<>();
        for (Object v : siblings) {
            values.add(new String((byte[]) v, StandardCharsets.UTF_8));
        }
        byte[] context = parts.get(0) instanceof byte[] c ? c : new byte[0];
        return new Read(values, context);
    }

    private static String describe(Object reply) {
        if (reply instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> l) {
            return l.stream().map(VersionedKv::describe).toList().toString();
        }
        return String.valueOf(reply);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
