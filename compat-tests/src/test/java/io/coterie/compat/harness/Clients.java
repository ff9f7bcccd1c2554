package io.coterie.compat.harness;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * Clients configured the way applications configure them, with defaults left alone so their real
 * handshakes run: Jedis 7.5's pooled {@link RedisClient} (JedisPooled and JedisPool are deprecated
 * in 7.5) and Lettuce 6.8, which opens with HELLO 3 and falls back to RESP2 on an error.
 */
public final class Clients {

    private static final int TIMEOUT_MILLIS = 10_000;

    private Clients() {
    }

    public static RedisClient jedis(ServerProcess server) {
        return jedis(server, null);
    }

    public static RedisClient jedis(ServerProcess server, String password) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().timeoutMillis(TIMEOUT_MILLIS);
        if (password != null) {
            config.password(password);
        }
        return RedisClient.builder().hostAndPort(server.host(), server.port()).clientConfig(config.build()).build();
    }

    /** A Lettuce client; the caller closes it with {@code shutdown()}. */
    public static io.lettuce.core.RedisClient lettuce(ServerProcess server) {
        return lettuce(server, null);
    }

    public static io.lettuce.core.RedisClient lettuce(ServerProcess server, String password) {
        RedisURI.Builder uri = RedisURI.builder().withHost(server.host()).withPort(server.port())
                .withTimeout(Duration.ofMillis(TIMEOUT_MILLIS));
        if (password != null) {
            uri.withPassword(password.toCharArray());
        }
        return io.lettuce.core.RedisClient.create(uri.build());
    }

    public static StatefulRedisConnection<byte[], byte[]> lettuceBinary(io.lettuce.core.RedisClient client) {
        return client.connect(ByteArrayCodec.INSTANCE);
    }
}
