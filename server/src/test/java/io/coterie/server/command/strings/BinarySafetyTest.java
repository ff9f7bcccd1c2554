package io.coterie.server.command.strings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.command.RecordingRespWriter.Array;
import io.coterie.server.command.RecordingRespWriter.Bulk;
import io.coterie.server.command.RecordingRespWriter.Int;
import io.coterie.server.command.RecordingRespWriter.Reply;
import io.coterie.server.command.TestContext;
import io.coterie.server.command.keys.KeyCommands;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keys and values are bytes: every byte value, empty values and large values round-trip unchanged. */
class BinarySafetyTest {

    private final TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] allBytes() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        return all;
    }

    private byte[] bulk(Reply r) {
        return ((Bulk) r).bytes();
    }

    @Test
    void everyByteValueInKeyAndValue() {
        byte[] key = allBytes();
        byte[] value = allBytes();
        assertEquals("+OK", ctx.call(b("SET"), key, value).toString());
        assertArrayEquals(value, bulk(ctx.call(b("GET"), key)));
        assertEquals(":256", ctx.call(b("STRLEN"), key).toString());
        assertArrayEquals(Arrays.copyOfRange(value, 10, 21), bulk(ctx.call(b("GETRANGE"), key, b("10"), b("20"))));
        assertEquals(":512", ctx.call(b("APPEND"), key, value).toString());
        byte[] doubled = new byte[512];
        System.arraycopy(value, 0, doubled, 0, 256);
        System.arraycopy(value, 0, doubled, 256, 256);
        assertArrayEquals(doubled, bulk(ctx.call(b("GET"), key)));

        byte[] other = Arrays.copyOf(key, 257);
        other[256] = 0;
        assertEquals("+OK", ctx.call(b("RENAME"), key, other).toString());
        assertArrayEquals(doubled, bulk(ctx.call(b("GETDEL"), other)));
        assertEquals(":0", ctx.call(b("EXISTS"), key, other).toString());
    }

    @Test
    void eachSingleByteIsItsOwnKey() {
        for (int i = 0; i < 256; i++) {
            ctx.call(b("SET"), new byte[] {(byte) i}, new byte[] {(byte) i, 0, (byte) i});
        }
        Reply keys = ctx.call("KEYS", "*");
        Set<Integer> seen = new HashSet<>();
        for (Reply k : ((Array) keys).elements()) {
            byte[] bytes = bulk(k);
            assertEquals(1, bytes.length);
            seen.add(bytes[0] & 0xff);
        }
        assertEquals(256, seen.size());
        for (int i = 0; i < 256; i++) {
            assertArrayEquals(new byte[] {(byte) i, 0, (byte) i}, bulk(ctx.call(b("GET"), new byte[] {(byte) i})));
        }
        byte[][] mget = new byte[257][];
        mget[0] = b("MGET");
        for (int i = 0; i < 256; i++) {
            mget[i + 1] = new byte[] {(byte) i};
        }
        assertEquals(256, ((Array) ctx.call(mget)).elements().size());
        byte[][] del = mget.clone();
        del[0] = b("DEL");
        assertEquals(new Int(256), ctx.call(del));
    }

    @Test
    void emptyValueAndEmptyKey() {
        assertEquals("+OK", ctx.call("SET", "", "").toString());
        assertEquals("\"\"", ctx.call("GET", "").toString());
        assertEquals(":0", ctx.call("STRLEN", "").toString());
        assertEquals(":1", ctx.call("EXISTS", "").toString());
        assertEquals("[\"\"]", ctx.call("KEYS", "*").toString());
    }

    @Test
    void oneMegabyteValue() {
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        assertEquals("+OK", ctx.call(b("SET"), b("big"), big).toString());
        assertArrayEquals(big, bulk(ctx.call("GET", "big")));
        assertEquals(":1048576", ctx.call("STRLEN", "big").toString());
        assertArrayEquals(Arrays.copyOfRange(big, big.length - 3, big.length), bulk(ctx.call("GETRANGE", "big", "-3", "-1")));
        assertEquals(":1048577", ctx.call("APPEND", "big", "!").toString());
        assertEquals(":2097152", ctx.call(b("SETRANGE"), b("big"), b("1048576"), big).toString());
        byte[] after = bulk(ctx.call("GET", "big"));
        assertArrayEquals(big, Arrays.copyOfRange(after, 0, big.length));
        assertArrayEquals(big, Arrays.copyOfRange(after, big.length, after.length));
    }

    @Test
    void binaryKeysWorkWithMatch() {
        byte[] key = {'a', 0, (byte) 0xff, 'z'};
        ctx.call(b("SET"), key, b("v"));
        assertArrayEquals(key, bulk(((Array) ctx.call("KEYS", "a*z")).elements().get(0)));
        assertArrayEquals(key, bulk(((Array) ctx.call(b("KEYS"), new byte[] {'a', 0, '?', 'z'})).elements().get(0)));
    }
}
