package dev.vellum.webhooks;

import java.time.Instant;

/** One try at sending a delivery: when, the receiver's status (null when none came) and what went wrong. */
record WebhookAttempt(Instant at, Integer status, String error) {

    boolean succeeded() {
        return status != null && status >= 200 && status < 300;
    }
}
