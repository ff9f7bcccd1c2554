package io.coterie.server.cluster.bus.netty;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** Why a connection closed, recorded by the stage that closed it, so pending requests fail with that reason. */
final class CloseReason {

    private static final AttributeKey<String> KEY = AttributeKey.valueOf(CloseReason.class, "reason");

    private CloseReason() {
    }

    /** Keeps the first reason: later ones are consequences of it. */
    static void record(Channel channel, String reason) {
        channel.attr(KEY).setIfAbsent(reason);
    }

    static String of(Channel channel) {
        String reason = channel.attr(KEY).get();
        return reason != null ? reason : "connection closed";
    }
}
