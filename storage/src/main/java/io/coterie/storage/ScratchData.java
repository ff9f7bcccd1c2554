package io.coterie.storage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.openhft.chronicle.algo.hashing.LongHashFunction;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.bytes.RandomDataOutput;
import net.openhft.chronicle.hash.AbstractData;

/**
 * A key or value handed to Chronicle Map as a region of a {@link ScratchBuffer}; reused by one thread.
 *
 * <p>Same bytes, same hash as Chronicle's own {@code byte[]} data, but faster on the write path
 * (measured with {@code StoreCpuCheck}): Chronicle's defaults read the heap bytes through a generic
 * {@code RandomDataInput} accessor — the key hash via {@code checkedRandomDataInputAccess}, the
 * key comparison via {@code BytesUtil.bytesEqual}, and the copy into the map via
 * {@code write(long, RandomDataInput, ...)} — while these read the array directly.
 * {@code ScratchDataTest} checks that the hash equals Chronicle's default for every length.
 */
final class ScratchData extends AbstractData<byte[]> {

    private static final VarHandle NATIVE_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private ScratchBuffer buffer;
    private byte[] array;
    private int offset;
    private int length;

    /** Points this at {@code length} bytes of {@code buffer} from {@code offset}; valid until the buffer grows or is reset. */
    ScratchData bind(ScratchBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.array = buffer.array();
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public RandomDataInput bytes() {
        return buffer.chronicleView();
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public long hash(LongHashFunction f) {
        return f.hashBytes(array, offset, length);
    }

    @Override
    public boolean equivalent(RandomDataInput source, long sourceOffset) {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if (source.readLong(sourceOffset + i) != (long) NATIVE_LONGS.get(array, offset + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (source.readByte(sourceOffset + i) != array[offset + i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void writeTo(RandomDataOutput target, long targetOffset) {
        target.write(targetOffset, array, offset, length);
    }

    @Override
    public byte[] get() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    @Override
    public byte[] getUsing(byte[] using) {
        return using != null && using.length == length ? copyInto(using) : get();
    }

    private byte[] copyInto(byte[] using) {
        System.arraycopy(array, offset, using, 0, length);
        return using;
    }
}
