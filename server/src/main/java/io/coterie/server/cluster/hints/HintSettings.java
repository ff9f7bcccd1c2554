package io.coterie.server.cluster.hints;

import io.coterie.ring.quorum.HintLimits;
import io.coterie.server.config.Directives;
import io.coterie.server.config.ServerConfig;
import io.coterie.storage.AppendFsync;
import java.util.Set;

/**
 * The directives hinted handoff follows, read together so one CONFIG SET applies as a whole.
 *
 * @param enabled           {@code hinted-handoff}: keep new hints at all (pending ones are still handed off)
 * @param limits            {@code hint-bytes-max}, {@code hint-window-seconds}; count and batch bounds are fixed
 * @param fsync             {@code appendfsync}: under {@code always} a hint is fsynced before it is reported stored
 * @param deliveryTimeoutMs {@code request-timeout-ms}: how long one hint's delivery may take before the batch fails
 */
public record HintSettings(boolean enabled, HintLimits limits, AppendFsync fsync, long deliveryTimeoutMs) {

    static final String HINTED_HANDOFF = "hinted-handoff";
    static final String HINT_WINDOW_SECONDS = "hint-window-seconds";
    static final String HINT_BYTES_MAX = "hint-bytes-max";
    static final String REQUEST_TIMEOUT_MS = "request-timeout-ms";
    /** The directives whose change means new settings. */
    static final Set<String> DIRECTIVES = Set.of(HINTED_HANDOFF, HINT_WINDOW_SECONDS, HINT_BYTES_MAX,
            REQUEST_TIMEOUT_MS, Directives.APPENDFSYNC);

    public static HintSettings from(ServerConfig config) {
        HintLimits d = HintLimits.DEFAULT;
        HintLimits limits = new HintLimits(d.countMax(), Long.parseLong(config.get(HINT_BYTES_MAX)),
                Long.parseLong(config.get(HINT_WINDOW_SECONDS)) * 1000, d.batchCountMax(), d.batchBytesMax());
        return new HintSettings(config.get(HINTED_HANDOFF).equals("yes"), limits, config.appendFsync(),
                Long.parseLong(config.get(REQUEST_TIMEOUT_MS)));
    }
}
