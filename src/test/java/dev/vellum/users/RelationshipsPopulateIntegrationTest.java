package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.documents.AsyncDb;
import dev.vellum.documents.AsyncDbFactory;
import dev.vellum.documents.QueryPage;
import dev.vellum.error.VellumException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** populate= on relationship lists: keys in the related users' data fields, through HTTP and AsyncDb. */
class RelationshipsPopulateIntegrationTest extends RelationshipsTestBase {

    @Autowired
    private AsyncDbFactory dbs;
    @Autowired
    private ApiKeyStore apiKeys;

    private long projectId() {
        return apiKeys.find(PUBLIC_KEY).block().projectId();
    }

    private String company(String collection, String name) {
        return asSecret(POST, "/v1/collections/" + collection + "/documents", "{\"name\": \"" + name + "\"}", 201)
                .get("id").stringValue();
    }

    @Test
    void a_secret_key_gets_the_documents_in_place_of_the_keys_and_null_for_a_missing_key() {
        String companies = freshCollection();
        String acme = company(companies, "Acme");
        User t = signup();
        User a = signup("{\"company\": \"" + acme + "\", \"following_ids\": [\"" + t.id() + "\"]}");
        User b = signup("{\"company\": \"missing\", \"following_ids\": [\"" + t.id() + "\"]}");
        User c = signup("{\"following_ids\": [\"" + t.id() + "\"]}");
        JsonNode page = asSecret(GET, "/v1/users/" + t.id() + "/relationships/followers?populate=company:" + companies,
                null, 200);
        assertThat(page.get("total").asInt()).isEqualTo(3);
        for (JsonNode user : page.get("data")) {
            String id = user.get("id").stringValue();
            if (id.equals(a.id())) {
                assertThat(user.at("/data/company/id").stringValue()).isEqualTo(acme);
                assertThat(user.at("/data/company/name").stringValue()).isEqualTo("Acme");
                assertThat(user.get("email").stringValue()).isEqualTo(a.email());
            } else if (id.equals(b.id())) {
                assertThat(user.at("/data/company").isNull()).isTrue();
            } else {
                assertThat(id).isEqualTo(c.id());
                assertThat(user.get("data").has("company")).isFalse();
            }
        }
        // without populate the keys stay keys
        JsonNode plain = asSecret(GET, "/v1/users/" + t.id() + "/relationships/followers", null, 200);
        plain.get("data").forEach(user -> assertThat(user.at("/data/company").isObject()).isFalse());
    }

    @Test
    void field_id_adds_the_field_and_keeps_the_id_and_select_applies_first() {
        String companies = freshCollection();
        String acme = company(companies, "Acme");
        User t = signup();
        User a = signup("{\"company_id\": \"" + acme + "\", \"age\": 3, \"following_ids\": [\"" + t.id() + "\"]}");
        String base = "/v1/users/" + t.id() + "/relationships/followers";
        JsonNode user = asSecret(GET, base + "?populate=company:" + companies, null, 200).get("data").get(0);
        assertThat(user.get("id").stringValue()).isEqualTo(a.id());
        assertThat(user.at("/data/company_id").stringValue()).isEqualTo(acme);
        assertThat(user.at("/data/company/name").stringValue()).isEqualTo("Acme");
        JsonNode inPlace = asSecret(GET, base + "?populate=company_id:" + companies, null, 200).get("data").get(0);
        assertThat(inPlace.at("/data/company_id/name").stringValue()).isEqualTo("Acme");
        JsonNode selected = asSecret(GET, base + "?select=data.age&populate=company:" + companies, null, 200)
                .get("data").get(0);
        assertThat(selected.toString()).isEqualTo("{\"id\":\"" + a.id() + "\",\"data\":{\"age\":3}}");
    }

    @Test
    void a_signed_in_user_without_public_fields_sees_only_ids_and_populate_changes_nothing() {
        String companies = freshCollection();
        String acme = company(companies, "Acme");
        User t = signup();
        User a = signup("{\"company\": \"" + acme + "\", \"following_ids\": [\"" + t.id() + "\"]}");
        JsonNode page = asUser(t, GET, "/v1/users/me/relationships/followers?populate=company:" + companies, null, 200);
        assertThat(page.get("data").toString()).isEqualTo("[{\"id\":\"" + a.id() + "\"}]");
        QueryPage viaDb = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.PUBLIC, t.id()))
                .getUserRelationships(t.id(), "followers", null, 10, 0, List.of("company:" + companies)).block();
        assertThat(viaDb.data().toString()).isEqualTo("[{\"id\":\"" + a.id() + "\"}]");
    }

    @Test
    void async_db_populates_for_a_secret_key() {
        String companies = freshCollection();
        String acme = company(companies, "Acme");
        User t = signup();
        signup("{\"company\": \"" + acme + "\", \"following_ids\": [\"" + t.id() + "\"]}");
        AsyncDb secret = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null));
        QueryPage page = secret.getUserRelationships(t.id(), "followers", null, 10, 0,
                List.of("company:" + companies)).block();
        assertThat(page.data().get(0).at("/data/company/name").stringValue()).isEqualTo("Acme");
        QueryPage plain = secret.getUserRelationships(t.id(), "followers", null, 10, 0).block();
        assertThat(plain.data().get(0).at("/data/company").stringValue()).isEqualTo(acme);
        assertThatThrownBy(() -> secret.getUserRelationships(t.id(), "followers", null, 10, 0, List.of("a.b")).block())
                .isInstanceOf(VellumException.class);
    }

    @Test
    void invalid_populate_is_a_validation_error() {
        User t = signup();
        String base = "/v1/users/" + t.id() + "/relationships/followers?populate=";
        for (String bad : List.of("a.b", "_id", "x,x", "a:Not-A-Name", "")) {
            JsonNode body = asSecret(GET, base + bad, null, 400);
            assertThat(errorCode(body)).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(errorCode(asSecret(GET, base + "a&populate=b", null, 400))).isEqualTo("VALIDATION_ERROR");
        assertThat(errorCode(asUser(t, GET, "/v1/users/me/relationships/followers?populate=a.b", null, 400)))
                .isEqualTo("VALIDATION_ERROR");
    }
}
