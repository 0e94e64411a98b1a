package dev.vellum;

import dev.vellum.support.IntegrationTest;
import org.junit.jupiter.api.Test;

class HealthIntegrationTest extends IntegrationTest {

    @Test
    void health_reports_postgres_and_redis_without_an_api_key() {
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP");
    }

    @Test
    void openapi_is_served_without_an_api_key() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.openapi").exists()
                .jsonPath("$.paths['/v1/datastore'].post.requestBody").exists()
                .jsonPath("$.paths['/v1/auth/login'].post").exists()
                .jsonPath("$.paths['/v1/kv/{collection}/{key}/mutate_in'].post.requestBody").exists()
                .jsonPath("$.paths['/v1/collections/{collection}/documents/{id}'].patch").exists()
                .jsonPath("$.components.parameters.IdempotencyKey.name").isEqualTo("Idempotency-Key")
                .jsonPath("$.paths['/v1/kv/{collection}/{key}'].delete.parameters[0].$ref")
                .isEqualTo("#/components/parameters/IdempotencyKey")
                .jsonPath("$.paths['/v1/kv/{collection}/{key}'].get.parameters").doesNotExist();
    }

    @Test
    void unknown_route_is_a_json_404() {
        http.get().uri("/v1/nope").header("X-Api-Key", SECRET_KEY).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("NOT_FOUND");
    }

    @Test
    void metrics_need_a_secret_key() {
        http.get().uri("/actuator/metrics").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("AUTHENTICATION_FAILED");
        http.get().uri("/actuator/metrics").header("X-Api-Key", PUBLIC_KEY).exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/actuator/metrics").header("X-Api-Key", SECRET_KEY).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.names").isArray();
    }
}
