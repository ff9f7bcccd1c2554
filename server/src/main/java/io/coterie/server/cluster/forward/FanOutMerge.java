package io.coterie.server.cluster.forward;

import java.util.List;

/**
 * Turns a fan-out's sub-replies into the reply Redis gives for the whole command. An error from any part
 * is the whole command's reply (the first in part order), as a single node would have failed the command.
 */
final class FanOutMerge {

    private FanOutMerge() {
    }

    /** {@code replies.get(i)} answers {@code fanOut.parts().get(i)}. */
    static byte[] merge(Route.FanOut fanOut, List<byte[]> replies) {
        RespValue[] parsed = new RespValue[replies.size()];
        for (int i = 0; i < parsed.length; i++) {
            parsed[i] = RespValue.parse(replies.get(i));
            if (parsed[i] instanceof RespValue.Error) {
                return replies.get(i);
            }
        }
        ReplyBytes out = new ReplyBytes();
        switch (fanOut.merge()) {
            case VALUES_IN_KEY_ORDER -> valuesInKeyOrder(fanOut, parsed, out);
            case ALL_OK -> {
                for (RespValue v : parsed) {
                    expect(v instanceof RespValue.Simple s && s.text().equals("OK"), v);
                }
                out.ok();
            }
            case CONCAT -> {
                int total = 0;
                for (RespValue v : parsed) {
                    if (!(v instanceof RespValue.Array a)) {
                        throw unexpected(v);
                    }
                    total += a.elements().size();
                }
                out.array(total);
                for (RespValue v : parsed) {
                    for (RespValue.Encoded e : ((RespValue.Array) v).elements()) {
                        out.raw(e.bytes(), e.from(), e.to() - e.from());
                    }
                }
            }
            case SUM -> {
                long sum = 0;
                for (RespValue v : parsed) {
                    if (!(v instanceof RespValue.Int n)) {
                        throw unexpected(v);
                    }
                    sum += n.value();
                }
                out.integer(sum);
            }
        }
        return out.toByteArray();
    }

    private static void valuesInKeyOrder(Route.FanOut fanOut, RespValue[] parsed, ReplyBytes out) {
        RespValue.Encoded[] byKey = new RespValue.Encoded[fanOut.keyCount()];
        for (int p = 0; p < parsed.length; p++) {
            int[] ordinals = fanOut.parts().get(p).keyOrdinals();
            if (!(parsed[p] instanceof RespValue.Array a) || a.elements().size() != ordinals.length) {
                throw unexpected(parsed[p]);
            }
            for (int i = 0; i < ordinals.length; i++) {
                byKey[ordinals[i]] = a.elements().get(i);
            }
        }
        out.array(byKey.length);
        for (RespValue.Encoded e : byKey) {
            out.raw(e.bytes(), e.from(), e.to() - e.from());
        }
    }

    private static void expect(boolean ok, RespValue v) {
        if (!ok) {
            throw unexpected(v);
        }
    }

    private static IllegalArgumentException unexpected(RespValue v) {
        return new IllegalArgumentException("unexpected sub-reply " + v);
    }
}
