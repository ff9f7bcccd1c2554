package io.coterie.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.openhft.chronicle.algo.bytes.Access;
import net.openhft.chronicle.algo.hashing.LongHashFunction;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.BytesUtil;
import org.junit.jupiter.api.Test;

/** {@link ScratchData} must behave exactly like Chronicle's defaults, or existing map files would not find their keys. */
class ScratchDataTest {

    @Test
    void hashEqualsChroniclesDefaultForEveryLengthAndOffset() {
        Random random = new Random(1);
        LongHashFunction f = LongHashFunction.xx_r39();
        for (int offset = 0; offset < 9; offset++) {
            for (int length = 0; length <= 300; length++) {
                ScratchBuffer buffer = filled(random, offset + length + random.nextInt(5));
                ScratchData data = new ScratchData().bind(buffer, offset, length);
                long chronicles = f.hash(buffer.chronicleView(), Access.checkedRandomDataInputAccess(), offset, length);
                assertEquals(chronicles, data.hash(f), "length " + length + " offset " + offset);
            }
        }
    }

    @Test
    void equivalentMatchesBytesEqualAgainstMapMemory() {
        Random random = new Random(2);
        for (int length = 0; length <= 40; length++) {
            ScratchBuffer buffer = filled(random, length + 3);
            ScratchData data = new ScratchData().bind(buffer, 3, length);
            BytesStore<?, Void> map = BytesStore.nativeStoreWithFixedCapacity(length + 16);
            try {
                data.writeTo(map, 5);
                assertEquals(true, data.equivalent(map, 5));
                assertEquals(BytesUtil.bytesEqual(map, 5, buffer.chronicleView(), 3, length), data.equivalent(map, 5));
                for (int i = 0; i < length; i++) {
                    map.writeByte(5 + i, (byte) (map.readByte(5 + i) ^ 0x40));
                    assertEquals(false, data.equivalent(map, 5), "differs at " + i + " of " + length);
                    map.writeByte(5 + i, (byte) (map.readByte(5 + i) ^ 0x40));
                }
                byte[] copied = new byte[length];
                map.read(5, copied, 0, length);
                assertArrayEquals(data.get(), copied);
            } finally {
                map.releaseLast();
            }
        }
    }

    private static ScratchBuffer filled(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        ScratchBuffer buffer = new ScratchBuffer();
        buffer.write(bytes);
        return buffer;
    }
}
