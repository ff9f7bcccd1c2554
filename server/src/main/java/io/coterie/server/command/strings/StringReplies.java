package io.coterie.server.command.strings;

import io.coterie.server.command.RespWriter;
import io.coterie.storage.Record;

/** Reply shapes the string commands share. */
final class StringReplies {

    private StringReplies() {
    }

    /** The record's value as a bulk string, or the nil bulk string when there is no record. */
    static void valueOrNil(RespWriter out, Record r) {
        if (r == null) {
            out.nullBulk();
        } else {
            out.bulk(r.value());
        }
    }
}
