package io.coterie.storage;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped writer locks by key hash. A writer holds its key's stripe across the commit-log append and
 * the map update, so the log's order for a key equals the order the map applied them, and replay
 * reproduces the final state. Readers do not take them (Chronicle's segment locks suffice).
 */
final class KeyLocks {

    static final int STRIPES = 1024;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    KeyLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock forKey(byte[] key) {
        int h = 1;
        for (byte b : key) {
            h = 31 * h + b;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return stripes[h & (STRIPES - 1)];
    }

    void lockAll() {
        for (ReentrantLock l : stripes) {
            l.lock();
        }
    }

    void unlockAll() {
        for (int i = STRIPES - 1; i >= 0; i--) {
            stripes[i].unlock();
        }
    }

    /**
     * Waits until every writer that held a stripe when this was called has finished: afterwards,
     * every entry appended to the log before the call is also applied to the map.
     */
    void barrier() {
        for (ReentrantLock l : stripes) {
            l.lock();
            l.unlock();
        }
    }
}
