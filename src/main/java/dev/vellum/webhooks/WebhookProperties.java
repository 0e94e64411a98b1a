package dev.vellum.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Webhook delivery: timeouts, the retry schedule (exponential from {@code firstRetry}, capped at
 * {@code maxRetryDelay}, with jitter, for {@code retryPeriod}), how many sends one instance runs
 * at once, how large a document may travel in a payload, and whether private targets are allowed.
 */
@ConfigurationProperties("vellum.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean allowPrivateTargets,
                                @DefaultValue("5s") Duration connectTimeout,
                                @DefaultValue("10s") Duration readTimeout,
                                @DefaultValue("24h") Duration retryPeriod,
                                @DefaultValue("5s") Duration firstRetry,
                                @DefaultValue("1h") Duration maxRetryDelay,
                                @DefaultValue("1s") Duration pollInterval,
                                @DefaultValue("16") int concurrency,
                                @DefaultValue("256KB") DataSize maxDocumentSize,
                                @DefaultValue("24h") Duration secretGrace) {

    /** How long a claimed delivery stays with the instance sending it: longer than any one attempt. */
    public Duration lease() {
        return connectTimeout.plus(readTimeout).plusSeconds(30);
    }
}
