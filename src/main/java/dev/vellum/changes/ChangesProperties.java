package dev.vellum.changes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The outbox and the change feed: how long changes are kept, how often the horizon is probed when
 * no notification wakes it, the feed's heartbeat, how many events and bytes a slow reader may fall
 * behind, and how many feeds may be open at once per caller and on this instance.
 */
@ConfigurationProperties("vellum.changes")
public record ChangesProperties(@DefaultValue("7d") Duration retention,
                                @DefaultValue("1h") Duration purgeInterval,
                                @DefaultValue("1s") Duration pollInterval,
                                @DefaultValue("15s") Duration heartbeat,
                                @DefaultValue("10000") int buffer,
                                @DefaultValue("4MB") DataSize bufferBytes,
                                @DefaultValue("8") int feedsPerUser,
                                @DefaultValue("128") int feedsPerInstance) {
}
