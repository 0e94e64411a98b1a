package dev.vellum.webhooks;

import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * POSTs one signed delivery with Reactor Netty (non-blocking): connect and read timeouts, no
 * redirects, only {@code http}/{@code https}, and — unless private targets are allowed — never to
 * an address that {@link WebhookTargets} calls private, whatever the name resolved to.
 */
final class WebhookSender {

    private final HttpClient client;
    private final Duration deadline;

    WebhookSender(WebhookProperties properties) {
        HttpClient http = HttpClient.create(ConnectionProvider.builder("vellum-webhooks")
                        .maxConnections(Math.max(2, properties.concurrency() * 2))
                        .pendingAcquireMaxCount(-1)
                        .build())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.readTimeout())
                .followRedirect(false);
        if (!properties.allowPrivateTargets()) {
            http = http.resolvedAddressesSelector((config, resolved) -> publicOnly(resolved));
        }
        this.client = http;
        this.deadline = properties.connectTimeout().plus(properties.readTimeout()).plusSeconds(1);
    }

    Mono<WebhookAttempt> send(String url, String id, long timestamp, String signature, String body) {
        Instant at = Instant.now();
        String scheme = scheme(url);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Mono.just(new WebhookAttempt(at, null, "only http and https URLs are delivered"));
        }
        return client.headers(headers -> headers
                        .set("content-type", "application/json")
                        .set("webhook-id", id)
                        .set("webhook-timestamp", Long.toString(timestamp))
                        .set("webhook-signature", signature)
                        .set("user-agent", "Vellum-Webhooks"))
                .post()
                .uri(url)
                .send(reactor.netty.ByteBufFlux.fromString(Mono.just(body)))
                .response()
                .map(response -> new WebhookAttempt(at, response.status().code(),
                        response.status().code() / 100 == 2 ? null : "the receiver answered " + response.status().code()))
                .timeout(deadline)
                .onErrorResume(error -> Mono.just(new WebhookAttempt(at, null, describe(error))));
    }

    private static List<SocketAddress> publicOnly(List<? extends SocketAddress> resolved) {
        return resolved.stream()
                .filter(address -> !(address instanceof InetSocketAddress socket && socket.getAddress() != null
                        && WebhookTargets.isPrivate(socket.getAddress())))
                .map(SocketAddress.class::cast)
                .toList();
    }

    private static String scheme(String url) {
        try {
            String scheme = URI.create(url).getScheme();
            return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String describe(Throwable error) {
        if (error instanceof java.util.concurrent.TimeoutException || error instanceof io.netty.handler.timeout.ReadTimeoutException) {
            return "timed out";
        }
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
