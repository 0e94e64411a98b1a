package dev.vellum.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sender against a receiver on 127.0.0.1: refused by default, delivered when private targets are allowed. */
class WebhookSenderTest {

    private static final String SECRET = WebhookSignature.newSecret();
    private static final String BODY = "{\"type\":\"document.created\",\"data\":{\"collection\":\"c\"}}";

    @Test
    void a_receiver_on_a_loopback_address_is_not_contacted_by_default() {
        try (Receiver receiver = new Receiver()) {
            receiver.secrets.add(SECRET);
            WebhookAttempt attempt = send(new WebhookSender(WebhookTargetsTest.properties(false)), receiver.url("hook"));
            assertThat(attempt.succeeded()).isFalse();
            assertThat(attempt.status()).isNull();
            assertThat(receiver.requests.get()).isZero();
        }
    }

    @Test
    void with_private_targets_allowed_the_signed_post_arrives() {
        try (Receiver receiver = new Receiver()) {
            receiver.secrets.add(SECRET);
            WebhookAttempt attempt = send(new WebhookSender(WebhookTargetsTest.properties(true)), receiver.url("hook"));
            assertThat(attempt.status()).isEqualTo(200);
            assertThat(receiver.accepted).hasSize(1);
            assertThat(receiver.badSignatures).isEmpty();
        }
    }

    @Test
    void other_schemes_are_never_sent() {
        WebhookAttempt attempt = send(new WebhookSender(WebhookTargetsTest.properties(true)), "ftp://127.0.0.1/hook");
        assertThat(attempt.error()).contains("only http and https");
    }

    private static WebhookAttempt send(WebhookSender sender, String url) {
        long now = System.currentTimeMillis() / 1000;
        return sender.send(url, "msg_1", now, WebhookSignature.header(List.of(SECRET), "msg_1", now, BODY), BODY).block();
    }
}
