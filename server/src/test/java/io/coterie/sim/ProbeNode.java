package io.coterie.sim;

import io.coterie.ring.membership.BusAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * A test-only node for the framework's own tests: answers ECHO requests with the payload reversed, counts ONE_WAY
 * frames, and answers SLOW requests after a timer (so pauses and crashes can land in between).
 */
final class ProbeNode implements SimNode {

    static final int ECHO = 120;
    static final int ONE_WAY = 121;
    static final int SLOW = 122;
    static final int FAIL = 123;
    static final int TWICE = 124;
    static final long SLOW_MS = 100;

    NodeContext ctx;
    final List<String> received = new ArrayList<>();
    int echoes;
    boolean crashed;

    @Override
    public void start(NodeContext context) {
        this.ctx = context;
        context.transport().register(ECHO, Runnable::run, (from, payload, responder) -> {
            echoes++;
            responder.reply(reversed(payload));
        });
        context.transport().register(ONE_WAY, Runnable::run, (from, payload, responder) -> {
            received.add(from + ":" + new String(payload, java.nio.charset.StandardCharsets.UTF_8));
            payload[0] = 'X';  // handlers may scribble on their input; nobody else may see it
        });
        context.transport().register(SLOW, Runnable::run,
                (from, payload, responder) -> context.scheduler().schedule(SLOW_MS, () -> responder.reply(payload)));
        context.transport().register(FAIL, Runnable::run, (from, payload, responder) -> responder.fail("refused: " + payload.length));
        context.transport().register(TWICE, Runnable::run, (from, payload, responder) -> {
            responder.reply(new byte[]{1});
            responder.reply(new byte[]{2});
            responder.fail("too late");
        });
    }

    @Override
    public void crash() {
        crashed = true;
        ctx = null;
    }

    BusAddress bus() {
        return ctx.bus();
    }

    static byte[] reversed(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }
}
