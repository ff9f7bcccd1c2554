package io.coterie.server.net;

import io.netty.handler.codec.redis.ArrayHeaderRedisMessage;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.InlineCommandRedisMessage;
import io.netty.handler.codec.redis.IntegerRedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;

/** The byte a decoded RESP message began with, for Redis's "expected '$', got ':'" protocol errors. */
final class RespTypeByte {

    private RespTypeByte() {
    }

    static char of(Object m) {
        if (m instanceof IntegerRedisMessage) {
            return ':';
        } else if (m instanceof SimpleStringRedisMessage) {
            return '+';
        } else if (m instanceof ErrorRedisMessage) {
            return '-';
        } else if (m instanceof ArrayRedisMessage || m instanceof ArrayHeaderRedisMessage) {
            return '*';
        } else if (m instanceof InlineCommandRedisMessage inline && !inline.content().isEmpty()) {
            return inline.content().charAt(0);
        }
        return '$';
    }

    /** True for what may stand inside a command array: only bulk strings, as in Redis's processMultibulkBuffer. */
    static boolean isNotBulk(Object m) {
        return m instanceof IntegerRedisMessage || m instanceof SimpleStringRedisMessage || m instanceof ErrorRedisMessage
                || m instanceof ArrayHeaderRedisMessage || m instanceof InlineCommandRedisMessage;
    }

    static ProtocolException expectedBulk(Object m) {
        return new ProtocolException("expected '$', got '" + of(m) + "'");
    }
}
