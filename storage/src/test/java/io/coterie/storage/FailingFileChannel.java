package io.coterie.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file channel whose writes and fsyncs fail like a full disk while {@code diskFull} is set, or
 * once {@code bytesLeft} (when not negative) is used up, after writing what still fits.
 */
final class FailingFileChannel extends FileChannel {

    private final FileChannel delegate;
    private final AtomicBoolean diskFull;
    private final AtomicLong bytesLeft;

    FailingFileChannel(FileChannel delegate, AtomicBoolean diskFull) {
        this(delegate, diskFull, new AtomicLong(-1));
    }

    FailingFileChannel(FileChannel delegate, AtomicBoolean diskFull, AtomicLong bytesLeft) {
        this.delegate = delegate;
        this.diskFull = diskFull;
        this.bytesLeft = bytesLeft;
    }

    private void failIfFull() throws IOException {
        if (diskFull.get()) {
            throw new IOException("No space left on device");
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        failIfFull();
        long left = bytesLeft.get();
        if (left < 0 || src.remaining() <= left) {
            int n = delegate.write(src);
            if (left >= 0) {
                bytesLeft.addAndGet(-n);
            }
            return n;
        }
        if (left == 0) {
            throw new IOException("No space left on device");
        }
        // Part of the buffer fits: write it, as a real file system would, and fail on the next call.
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + (int) left);
        int n = delegate.write(part);
        src.position(src.position() + n);
        bytesLeft.addAndGet(-n);
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        failIfFull();
        return delegate.write(srcs, offset, length);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        failIfFull();
        return delegate.write(src, position);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        failIfFull();
        delegate.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        delegate.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        failIfFull();
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
