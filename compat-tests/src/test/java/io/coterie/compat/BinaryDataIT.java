package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.compat.harness.Clients;
import io.coterie.compat.harness.OneServerPerClass;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keys and values are byte strings: every byte value, empty, 10 KB and 1 MB, through Jedis and Lettuce. */
class BinaryDataIT extends OneServerPerClass {

    private static final int TEN_KB = 10 * 1024;
    private static final int ONE_MB = 1024 * 1024;

    private redis.clients.jedis.RedisClient jedis;
    private RedisClient lettuceClient;
    private StatefulRedisConnection<byte[], byte[]> lettuceConnection;
    private RedisCommands<byte[], byte[]> lettuce;

    @BeforeAll
    void connect() {
        jedis = Clients.jedis(server);
        lettuceClient = Clients.lettuce(server);
        lettuceConnection = Clients.lettuceBinary(lettuceClient);
        lettuce = lettuceConnection.sync();
    }

    @AfterAll
    void disconnect() {
        if (jedis != null) {
            jedis.close();
        }
        if (lettuceClient != null) {
            lettuceClient.shutdown();
        }
    }

    @Test
    void everyByteValueInKeyAndValueJedisToLettuce() {
        byte[] all = allBytes();
        assertEquals("OK", jedis.set(all, all));
        assertArrayEquals(all, jedis.get(all));
        assertArrayEquals(all, lettuce.get(all));
        assertEquals(256L, lettuce.strlen(all));
        assertArrayEquals(Arrays.copyOfRange(all, 10, 21), jedis.getrange(all, 10, 20));
    }

    @Test
    void everyByteValueInKeyAndValueLettuceToJedis() {
        byte[] reversed = reversed(allBytes());
        assertEquals("OK", lettuce.set(reversed, reversed));
        assertArrayEquals(reversed, lettuce.get(reversed));
        assertArrayEquals(reversed, jedis.get(reversed));
        assertEquals(512L, lettuce.append(reversed, reversed));
        byte[] twice = new byte[512];
        System.arraycopy(reversed, 0, twice, 0, 256);
        System.arraycopy(reversed, 0, twice, 256, 256);
        assertArrayEquals(twice, jedis.get(reversed));
    }

    @Test
    void eachSingleByteIsItsOwnKey() {
        for (int b = 0; b < 256; b++) {
            byte[] key = {(byte) b};
            jedis.set(key, new byte[] {(byte) (255 - b)});
        }
        assertEquals(256L, lettuce.dbsize());
        Set<Integer> keys = lettuce.keys(new byte[] {'*'}).stream()
                .map(k -> { assertEquals(1, k.length); return k[0] & 0xff; })
                .collect(Collectors.toSet());
        assertEquals(256, keys.size());
        for (int b = 0; b < 256; b++) {
            assertArrayEquals(new byte[] {(byte) (255 - b)}, lettuce.get(new byte[] {(byte) b}), "key byte " + b);
        }
    }

    @Test
    void emptyValueIsAValueNotAbsence() {
        jedis.set("empty".getBytes(), new byte[0]);
        assertArrayEquals(new byte[0], jedis.get("empty".getBytes()));
        assertArrayEquals(new byte[0], lettuce.get("empty".getBytes()));
        assertEquals(1L, lettuce.exists("empty".getBytes()));
        assertEquals(0L, lettuce.strlen("empty".getBytes()));
        lettuce.set("empty2".getBytes(), new byte[0]);
        assertArrayEquals(new byte[0], jedis.get("empty2".getBytes()));
    }

    @Test
    void tenKilobyteAndOneMegabyteValues() {
        for (int size : List.of(TEN_KB, ONE_MB)) {
            byte[] jedisValue = random(size, size);
            byte[] lettuceValue = random(size, size + 1);
            byte[] jedisKey = ("jedis:" + size).getBytes();
            byte[] lettuceKey = ("lettuce:" + size).getBytes();
            jedis.set(jedisKey, jedisValue);
            lettuce.set(lettuceKey, lettuceValue);
            assertArrayEquals(jedisValue, lettuce.get(jedisKey), "Jedis wrote, Lettuce read " + size);
            assertArrayEquals(lettuceValue, jedis.get(lettuceKey), "Lettuce wrote, Jedis read " + size);
            assertEquals(size, jedis.strlen(jedisKey));
            assertArrayEquals(Arrays.copyOfRange(jedisValue, size - 100, size), jedis.getrange(jedisKey, -100, -1));
        }
    }

    @Test
    void binaryMsetAndMget() {
        byte[] k1 = {0, 1, 2};
        byte[] k2 = {(byte) 0xff, '\r', '\n'};
        byte[] v1 = {'\r', '\n', 0};
        byte[] v2 = {(byte) 0x80, (byte) 0xfe};
        jedis.mset(k1, v1, k2, v2);
        List<byte[]> values = lettuce.mget(k1, k2, new byte[] {9}).stream()
                .map(kv -> kv.getValueOrElse(null)).toList();
        assertArrayEquals(v1, values.get(0));
        assertArrayEquals(v2, values.get(1));
        assertEquals(null, values.get(2));
        assertEquals(new HashSet<>(List.of(Arrays.toString(k1), Arrays.toString(k2))),
                lettuce.keys(new byte[] {'*'}).stream().map(Arrays::toString).collect(Collectors.toSet()));
    }

    private static byte[] allBytes() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        return all;
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
