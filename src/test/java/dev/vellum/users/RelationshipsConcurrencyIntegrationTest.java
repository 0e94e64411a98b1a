package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/** Many users following one user at the same moment: every append lands once, none is lost. */
class RelationshipsConcurrencyIntegrationTest extends RelationshipsTestBase {

    private static final int FOLLOWERS = 100;

    @Autowired
    private DatabaseClient db;

    @Test
    void one_hundred_concurrent_mutual_follows_leave_exactly_one_hundred_ids_on_each_side() {
        WebClient client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port)
                .build();
        User target = signup();
        List<String> emails = java.util.stream.IntStream.range(0, FOLLOWERS).mapToObj(i -> freshEmail()).toList();
        List<String> followers = Flux.fromIterable(emails)
                .flatMap(email -> client.post().uri("/v1/auth/signup").header("X-Api-Key", PUBLIC_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("email", email, "password", PASSWORD))
                        .retrieve().bodyToMono(JsonNode.class)
                        .map(body -> body.get("user").get("id").stringValue()), 8)
                .collectList().block(Duration.ofMinutes(2));

        // Twice over: the second burst must not add duplicates.
        for (int round = 0; round < 2; round++) {
            List<JsonNode> results = Flux.fromIterable(followers)
                    .flatMap(follower -> client.post().uri("/v1/users/{id}/relationships/following", follower)
                            .header("X-Api-Key", SECRET_KEY)
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(relate(target.id(), true))
                            .retrieve().bodyToMono(JsonNode.class), FOLLOWERS)
                    .collectList().block(Duration.ofMinutes(2));
            assertThat(results).hasSize(FOLLOWERS).allMatch(result -> result.get("success").asBoolean());
        }

        // a mutual follow: the target follows each of them back
        assertThat(array(target.id(), "following_ids")).hasSize(FOLLOWERS).containsExactlyInAnyOrderElementsOf(followers);
        for (String follower : followers) {
            assertThat(array(follower, "following_ids")).containsExactly(target.id());
        }
        JsonNode page = asSecret(org.springframework.http.HttpMethod.GET,
                "/v1/users/" + target.id() + "/relationships/followers?limit=1000", null, 200);
        assertThat(page.get("total").asLong()).isEqualTo(FOLLOWERS);
    }

    private List<String> array(String userId, String field) {
        return db.sql("select coalesce(array(select jsonb_array_elements_text(data -> $2::text)), '{}') as ids"
                        + " from app_users where id = $1")
                .bind(0, userId).bind(1, field)
                .map(row -> List.of(row.get("ids", String[].class)))
                .one().block();
    }
}
