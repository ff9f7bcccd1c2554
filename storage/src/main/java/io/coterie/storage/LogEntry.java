package io.coterie.storage;

/** One decoded commit-log entry: the resulting state of a key (never a logical op such as INCR). */
sealed interface LogEntry {

    record Put(byte[] key, Record record) implements LogEntry {}

    record Remove(byte[] key) implements LogEntry {}

    record Clear() implements LogEntry {}
}
